namespace Blend.Data.Identity.Synthetic;

/// <summary>One session (<c>MOUSE/DATE</c>): its neurons in column order, behaviour, drive and fluorescence.</summary>
public sealed class SynthBugeonSession
{
    /// <summary>The mouse the session belongs to.</summary>
    public required SynthMouse Mouse { get; init; }
    /// <summary>yyyy-MM-dd; sessions sort by date in the order they were generated.</summary>
    public required string Date { get; init; }
    /// <summary>Neurons in the order of <c>frame.neuralActivity</c>'s columns.</summary>
    public required IReadOnlyList<SynthNeuron> Neurons { get; init; }
    /// <summary>The session's behaviour: running, pupil, synchrony and states, on the frame clock and on their own clocks.</summary>
    public required SessionBehavior Behavior { get; init; }
    /// <summary>The shared latents and behaviour regressors every neuron of the session reads at each frame.</summary>
    public required SessionDrive Drive { get; init; }
    /// <summary>Frames × neurons ΔF/F, row-major (as <c>frame.neuralActivity.npy</c>).</summary>
    public required float[] Activity { get; init; }

    /// <summary>Number of imaging frames (rows of <see cref="Activity"/>).</summary>
    public int Frames => Behavior.Frames;

    /// <summary>Number of neurons (columns of <see cref="Activity"/>).</summary>
    public int NeuronCount => Neurons.Count;

    /// <summary>The session folder relative to the dataset root.</summary>
    public string RelativeFolder => Path.Combine(Mouse.Name, Date);
}
