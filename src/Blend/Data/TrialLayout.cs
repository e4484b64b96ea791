namespace Blend.Data;

/// <summary>
/// How a trial is laid out in the tensors the trainer feeds models: time = main bins then forward bins, neurons =
/// held-in then held-out, behavior channels alongside (B × (T + F) × N and B × (T + F) × D).
/// </summary>
public sealed record TrialLayout(int HeldinNeurons, int HeldoutNeurons, int MainBins, int ForwardBins, int BehaviorDims)
{
    /// <summary>All neurons per trial, held-in plus held-out (N).</summary>
    public int Neurons => HeldinNeurons + HeldoutNeurons;

    /// <summary>Time bins per trial, main plus forward (T + F).</summary>
    public int Bins => MainBins + ForwardBins;
}
