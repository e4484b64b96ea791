namespace Blend.Data.Identity.Synthetic;

/// <summary>One session (<c>MOUSE/DATE</c>): its neurons in column order, behaviour, drive and fluorescence.</summary>
public sealed class SynthBugeonSession
{
    public required SynthMouse Mouse { get; init; }
    /// <summary>yyyy-MM-dd; sessions sort by date in the order they were generated.</summary>
    public required string Date { get; init; }
    /// <summary>Neurons in the order of <c>frame.neuralActivity</c>'s columns.</summary>
    public required IReadOnlyList<SynthNeuron> Neurons { get; init; }
    public required SessionBehavior Behavior { get; init; }
    public required SessionDrive Drive { get; init; }
    /// <summary>Frames × neurons ΔF/F, row-major (as <c>frame.neuralActivity.npy</c>).</summary>
    public required float[] Activity { get; init; }

    public int Frames => Behavior.Frames;

    public int NeuronCount => Neurons.Count;

    /// <summary>The session folder relative to the dataset root.</summary>
    public string RelativeFolder => Path.Combine(Mouse.Name, Date);
}
