namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// What <c>blend synth nwb</c> generates: an MC_Maze-like (trialized) or MC_RTT-like (continuous) NLB session, at
/// <c>small</c> size (tens of trials, a few dozen units; for tests and trying things out) or <c>large</c> (the
/// DANDI training file's scale; for benchmarks). The same options always give the same file, byte for byte.
/// </summary>
public sealed record SyntheticNwbOptions
{
    /// <summary>Dataset name of the MC_Maze-like (trialized) session.</summary>
    public const string Maze = "mc_maze";
    /// <summary>Dataset name of the MC_RTT-like (continuous) session.</summary>
    public const string Rtt = "mc_rtt";
    /// <summary>Size preset for tests: tens of trials, a few dozen units.</summary>
    public const string Small = "small";
    /// <summary>Size preset at the DANDI training file's scale, for benchmarks.</summary>
    public const string Large = "large";
    /// <summary>The accepted <see cref="Dataset"/> values.</summary>
    public static readonly IReadOnlyList<string> Datasets = [Maze, Rtt];
    /// <summary>The accepted <see cref="Size"/> values.</summary>
    public static readonly IReadOnlyList<string> Sizes = [Small, Large];

    /// <summary>Which session to generate: <see cref="Maze"/> or <see cref="Rtt"/>.</summary>
    public string Dataset { get; init; } = Maze;
    /// <summary>Size preset: <see cref="Small"/> or <see cref="Large"/>.</summary>
    public string Size { get; init; } = Small;
    /// <summary>Seed of all random draws; the same options give the same file.</summary>
    public int Seed { get; init; }

    /// <summary>Throws <see cref="BlendInputException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        if (!Datasets.Contains(Dataset)) throw new BlendInputException($"--dataset must be one of {string.Join(", ", Datasets)}, got '{Dataset}'");
        if (!Sizes.Contains(Size)) throw new BlendInputException($"--size must be one of {string.Join(", ", Sizes)}, got '{Size}'");
    }
}
