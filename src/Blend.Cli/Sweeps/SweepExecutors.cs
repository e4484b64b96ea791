namespace Blend.Cli.Sweeps;

/// <summary>The executors <c>blend sweep --executor</c> knows: one registration each.</summary>
internal static class SweepExecutors
{
    public static readonly IReadOnlyList<ISweepExecutor> All = [new LocalSweepExecutor(), new SlurmSweepExecutor()];

    public static ISweepExecutor Named(string name) => All.Single(e => e.Name == name);
}
