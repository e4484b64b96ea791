namespace Blend.Data.Nwb;

/// <summary>nlb_tools' two phases of a benchmark dataset.</summary>
public enum NlbPhase
{
    /// <summary>Train on 'train', evaluate on 'val' (scored locally with the eval target).</summary>
    Val,

    /// <summary>Train on 'train' + 'val', predict 'test' (scored by the EvalAI leaderboard).</summary>
    Test,
}
