namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// What <c>blend synth nwb</c> generates: an MC_Maze-like (trialized) or MC_RTT-like (continuous) NLB session, at
/// <c>small</c> size (tens of trials, a few dozen units; for tests and trying things out) or <c>large</c> (the
/// DANDI training file's scale; for benchmarks). The same options always give the same file, byte for byte.
/// </summary>
public sealed record SyntheticNwbOptions
{
    public const string Maze = "mc_maze";
    public const string Rtt = "mc_rtt";
    public const string Small = "small";
    public const string Large = "large";
    public static readonly IReadOnlyList<string> Datasets = [Maze, Rtt];
    public static readonly IReadOnlyList<string> Sizes = [Small, Large];

    public string Dataset { get; init; } = Maze;
    public string Size { get; init; } = Small;
    public int Seed { get; init; }

    /// <summary>Throws <see cref="BlendInputException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        if (!Datasets.Contains(Dataset)) throw new BlendInputException($"--dataset must be one of {string.Join(", ", Datasets)}, got '{Dataset}'");
        if (!Sizes.Contains(Size)) throw new BlendInputException($"--size must be one of {string.Join(", ", Sizes)}, got '{Size}'");
    }
}
