using Blend.Data.Identity;
using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Training.Identity;

/// <summary>
/// One step's data: B windows × n sampled neurons × W frames of one session, with the BERT-style mask applied.
/// </summary>
/// <param name="Activity">B × n × W z-scored activity (the reconstruction target, unmasked).</param>
/// <param name="MaskedActivity">B × n × W: the model's input after masking.</param>
/// <param name="Mask">B × n × W: 1 at the entries selected for reconstruction (zeroed, noised or kept), else 0.</param>
/// <param name="Ids">n identity ids (rows of Φ), int64.</param>
/// <param name="Population">B × 5 × W population channels (behaviour first, then mean and SD).</param>
/// <param name="Neighbours">B × n × 2 × W neighbour channels.</param>
public sealed record NeuprintBatch(Tensor Activity, Tensor MaskedActivity, Tensor Mask, Tensor Ids, Tensor Population, Tensor Neighbours)
{
    /// <summary>B × 3 × W running, pupil, state: what only a teacher sees.</summary>
    public Tensor Behavior => Population.narrow(1, 0, PopulationChannel.Behavior.Count);

    /// <summary>The masked reconstruction loss of <paramref name="output"/>'s predictions (B × W × n) against this batch.</summary>
    public Tensor ReconstructionLoss(ModelOutput output) =>
        ActivityMasker.MaskedSquaredError(output.LogRates, Activity.transpose(1, 2), Mask.transpose(1, 2));

    /// <summary>The model input with the given Φ rows.</summary>
    public NeuprintInput Input(Tensor embeddings) =>
        new(MaskedActivity, embeddings, Population.narrow(1, PopulationChannel.Mean, 2), Neighbours);
}
