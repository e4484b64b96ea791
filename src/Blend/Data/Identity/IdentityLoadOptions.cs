namespace Blend.Data.Identity;

/// <summary>How <see cref="IdentityDataset.Load"/> reads and preprocesses a Bugeon-layout folder.</summary>
public sealed record IdentityLoadOptions
{
    /// <summary>NeuPRINT's settings: <c>Blank/01</c> recordings, a 65 µm neighbour radius, no reference resampling quirk.</summary>
    public static IdentityLoadOptions Default { get; } = new();

    /// <summary>The recording inside each session folder, relative to it. NeuPRINT uses spontaneous activity on a grey
    /// screen (<c>Blank/01</c>); Bugeon also has <c>Drifting Gratings</c> and <c>Natural Scenes</c>.</summary>
    public string RecordingFolder { get; init; } = "Blank/01";

    /// <summary>Neurons closer than this (3-D Euclidean on <c>neuron.stackPosCorrected</c>, µm, inclusive) are
    /// neighbours. NeuPRINT uses 65.</summary>
    public double NeighbourRadius { get; init; } = 65;

    /// <summary>
    /// Reproduce the reference's resampling quirk for parity checks: a frame before the first behaviour sample pairs
    /// it with the <em>last</em> sample (Python's index −1). Off by default: such a frame takes the first sample.
    /// </summary>
    public bool ReferenceResamplingQuirks { get; init; }

    /// <summary>Throws <see cref="BlendInputException"/> for values that cannot work whatever the data.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(RecordingFolder) || Path.IsPathRooted(RecordingFolder))
            throw new BlendInputException($"recording folder '{RecordingFolder}' must be a path inside each session folder, such as Blank/01");
        if (!(NeighbourRadius >= 0) || double.IsInfinity(NeighbourRadius))
            throw new BlendInputException($"neighbour radius must be a finite distance ≥ 0 µm, got {NeighbourRadius}");
    }
}
