namespace Blend.Data;

/// <summary>
/// How a trial is laid out in the tensors the trainer feeds models: time = main bins then forward bins, neurons =
/// held-in then held-out, behavior channels alongside (B × (T + F) × N and B × (T + F) × D).
/// </summary>
public sealed record TrialLayout(int HeldinNeurons, int HeldoutNeurons, int MainBins, int ForwardBins, int BehaviorDims)
{
    public int Neurons => HeldinNeurons + HeldoutNeurons;

    public int Bins => MainBins + ForwardBins;
}
