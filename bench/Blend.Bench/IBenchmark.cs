namespace Blend.Bench;

/// <summary>A benchmark the bench program can dispatch to by name.</summary>
internal interface IBenchmark
{
    string Name { get; }
    string Description { get; }

    /// <summary>Runs with the arguments after the name; returns the process exit code.</summary>
    int Run(string[] args);
}
