namespace Blend.Data.Identity;

/// <summary>
/// One imaging session after preprocessing, every array in float32 and neuron-major so a
/// window of one neuron is a contiguous slice.
/// </summary>
public sealed class IdentitySession
{
    public required string Mouse { get; init; }

    public required string Date { get; init; }

    /// <summary>The session folder (MOUSE/DATE) the data came from, for error messages and reports.</summary>
    public required string Folder { get; init; }

    public required int Frames { get; init; }

    public required int NeuronCount { get; init; }

    /// <summary>Neurons × Frames: each neuron's trace z-scored over the whole recording (NaN → 0).</summary>
    public required float[] Activity { get; init; }

    /// <summary><see cref="PopulationChannel.Count"/> × Frames, channels in <see cref="PopulationChannel"/> order.</summary>
    public required float[] Population { get; init; }

    /// <summary>Neurons × 2 × Frames: mean and SD (ddof 0) of the z-scored activity of the other neurons within the
    /// neighbour radius; 0 for a neuron with no neighbours.</summary>
    public required float[] Neighbours { get; init; }

    /// <summary>For each neuron (column of <c>frame.neuralActivity</c>), its <see cref="IdentityNeuron.Id"/>.</summary>
    public required int[] NeuronIds { get; init; }

    /// <summary>Frame times in seconds (<c>frame.times</c>).</summary>
    public required double[] FrameTimes { get; init; }

    public ReadOnlySpan<float> Trace(int neuron) => Activity.AsSpan(neuron * Frames, Frames);

    public ReadOnlySpan<float> Channel(int channel) => Population.AsSpan(channel * Frames, Frames);
}
