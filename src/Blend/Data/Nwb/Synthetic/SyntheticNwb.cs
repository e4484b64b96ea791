namespace Blend.Data.Nwb.Synthetic;

/// <summary>Entry point of the synthetic NLB NWB sessions: picks the generator and size preset.</summary>
public static class SyntheticNwb
{
    /// <summary>Validates <paramref name="options"/> and generates the session with the chosen dataset's generator and size preset.</summary>
    public static SyntheticNwbSession Generate(SyntheticNwbOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.Dataset == SyntheticNwbOptions.Maze
            ? MazeSessionGenerator.Generate(MazeSessionOptions.ForSize(options.Size, options.Seed))
            : RttSessionGenerator.Generate(RttSessionOptions.ForSize(options.Size, options.Seed));
    }
}
