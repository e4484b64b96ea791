using Blend.Data.Synthetic;

namespace Blend.Experiments;

/// <summary>
/// The dataset of <c>blend demo</c>: the synthetic Lorenz population of <c>blend synth</c>, smaller (450 train + 100
/// eval trials, 60 + 20 neurons, 35 + 10 bins of 20 ms: the same 700 + 200 ms as the default set), so that the whole
/// experiment (3 seeds × baseline, teacher and two students) trains in 11–15 minutes on two CPU cores. The reach is
/// seen by 30 % of the neurons with log-rate gain 1 (the default set: 15 %, 0.6), so that the 24 reach neurons carry
/// enough of it for a model trained on these few trials to pick some up; it is still far from what behavior reveals.
/// </summary>
public static class DemoDataset
{
    /// <summary>The generator settings of the demo dataset (seed 0).</summary>
    public static SyntheticOptions Options => new()
    {
        Name = "blend_demo",
        Seed = 0,
        TrainTrials = 450,
        EvalTrials = 100,
        Conditions = 12,
        HeldinNeurons = 60,
        HeldoutNeurons = 20,
        MainBins = 35,
        ForwardBins = 10,
        BinMs = 20,
        ReachGain = 1.0,
        ReachNeuronFraction = 0.3,
    };
}
