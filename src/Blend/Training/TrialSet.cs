using static TorchSharp.torch;

namespace Blend.Training;

/// <summary>
/// Some trials of a spike tensor: <see cref="Spikes"/> (all trials of the source, B × (T + F) × N, float32, NaN where
/// unknown) and <see cref="Behavior"/> (B × (T + F) × D, NaN where unknown, or null) are shared with the owning
/// <see cref="TrainingData"/>; <see cref="Trials"/> picks this set's trials, in order.
/// </summary>
public sealed record TrialSet(Tensor Spikes, Tensor? Behavior, int[] Trials)
{
    /// <summary>Number of trials in this set.</summary>
    public int Count => Trials.Length;

    /// <summary>The spikes and behavior of <see cref="Trials"/>[start … start + count) (new tensors).</summary>
    public (Tensor Spikes, Tensor? Behavior) Batch(int start, int count) => Select(Trials.AsSpan(start, count));

    /// <summary>The spikes and behavior of the given source trials (new tensors).</summary>
    public (Tensor Spikes, Tensor? Behavior) Select(ReadOnlySpan<int> sourceTrials)
    {
        var indices = new long[sourceTrials.Length];
        for (int i = 0; i < indices.Length; i++) indices[i] = sourceTrials[i];
        using var index = tensor(indices, ScalarType.Int64);
        return (Spikes.index_select(0, index), Behavior?.index_select(0, index));
    }
}
