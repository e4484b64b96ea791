namespace Blend.Data.Identity;

/// <summary>
/// One imaging session after preprocessing, every array in float32 and neuron-major so a
/// window of one neuron is a contiguous slice.
/// </summary>
public sealed class IdentitySession
{
    /// <summary>The mouse (the <c>MOUSE</c> folder name).</summary>
    public required string Mouse { get; init; }

    /// <summary>The session date (the <c>DATE</c> folder name).</summary>
    public required string Date { get; init; }

    /// <summary>The session folder (MOUSE/DATE) the data came from, for error messages and reports.</summary>
    public required string Folder { get; init; }

    /// <summary>Number of imaging frames in the recording.</summary>
    public required int Frames { get; init; }

    /// <summary>Number of neurons recorded in the session (columns of <c>frame.neuralActivity</c>).</summary>
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

    /// <summary>What preprocessing had to do to this session's data that a user should know (traces set to 0 and why); empty when nothing.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>One neuron's z-scored activity over all frames: row <paramref name="neuron"/> of <see cref="Activity"/>.</summary>
    public ReadOnlySpan<float> Trace(int neuron) => Activity.AsSpan(neuron * Frames, Frames);

    /// <summary>One population channel over all frames (row <paramref name="channel"/> of <see cref="Population"/>; see <see cref="PopulationChannel"/>).</summary>
    public ReadOnlySpan<float> Channel(int channel) => Population.AsSpan(channel * Frames, Frames);
}
