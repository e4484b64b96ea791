using Blend.Data.Synthetic;

namespace Blend.Experiments;

/// <summary>
/// The dataset of <c>blend demo</c>: the synthetic Lorenz population of <c>blend synth</c>, smaller, so that the whole
/// experiment (3 seeds × baseline, teacher and two students) trains in minutes on two CPU cores.
/// </summary>
public static class DemoDataset
{
    public static SyntheticOptions Options => new()
    {
        Name = "blend_demo",
        Seed = 0,
        TrainTrials = 300,
        EvalTrials = 100,
        Conditions = 12,
        HeldinNeurons = 60,
        HeldoutNeurons = 20,
        MainBins = 35,
        ForwardBins = 10,
        BinMs = 20,
    };
}
