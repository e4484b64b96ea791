using static TorchSharp.torch;

namespace Blend.Training.Identity;

/// <summary>
/// NeuPRINT's BERT-style masking of activity entries (as NeuPRINT's released code): each entry is selected with probability
/// <c>ratio</c>; a selected entry becomes 0 with probability 0.8, N(0, 1) noise with 0.1, and stays with 0.1. The mask
/// marks every selected entry. The code's bug of always masking the last sampled neuron is not reproduced.
/// With <c>span</c> &gt; 1, selections come in runs of <c>span</c> consecutive frames (starts drawn so that each entry is
/// still selected with probability <c>ratio</c>).
/// </summary>
public static class ActivityMasker
{
    /// <summary>Masks a batch of activity windows; returns the masked activity and the 0/1 selection mask, both shaped like <paramref name="activity"/>.</summary>
    /// <param name="activity">B windows × n neurons × W frames of z-scored activity.</param>
    /// <param name="ratio">Probability that an entry is selected.</param>
    /// <param name="span">Length, in frames, of each selected run (≤ 1: entries selected independently).</param>
    /// <param name="generator">Random stream for every draw.</param>
    public static (Tensor Masked, Tensor Mask) Apply(Tensor activity, double ratio, int span, Generator generator)
    {
        using var scope = NewDisposeScope();
        Tensor selected;
        if (span <= 1) selected = rand(activity.shape, generator: generator, device: activity.device).lt(ratio);
        else
        {
            // P(entry covered by one of `span` possible run starts) = 1 − (1 − p)^span = ratio.
            double startProbability = 1 - Math.Pow(1 - ratio, 1.0 / span);
            long windows = activity.shape[0], neurons = activity.shape[1], frames = activity.shape[2];
            var starts = rand(activity.shape, generator: generator, device: activity.device).lt(startProbability).to(ScalarType.Float32);
            // A frame is covered when a run started at one of the previous span − 1 frames or at itself.
            var padded = nn.functional.pad(starts.view(windows * neurons, 1, frames), [span - 1, 0]);
            selected = nn.functional.max_pool1d(padded, span, stride: 1).view(windows, neurons, frames).gt(0);
        }
        var choice = rand(activity.shape, generator: generator, device: activity.device);
        var noise = randn(activity.shape, generator: generator, device: activity.device);
        var zeroed = selected.logical_and(choice.lt(0.8));
        var noised = selected.logical_and(choice.ge(0.8)).logical_and(choice.lt(0.9));
        var masked = activity.masked_fill(zeroed, 0).where(noised.logical_not(), noise);
        return (masked.MoveToOuterDisposeScope(), selected.to(activity.dtype).MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The reconstruction loss: Σ mask ⊙ (prediction − target)² divided by the number of entries (all of them, as
    /// the code does, so it is ≈ ratio × the MSE at masked entries). Predictions and targets are B × W × n views.
    /// </summary>
    public static Tensor MaskedSquaredError(Tensor predicted, Tensor target, Tensor mask) =>
        (mask * (predicted - target).square()).mean();
}
