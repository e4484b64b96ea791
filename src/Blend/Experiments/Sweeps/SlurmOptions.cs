namespace Blend.Experiments.Sweeps;

/// <summary>
/// The <c>slurm:</c> section: resources of each array task (<c>sbatch</c>'s <c>--cpus-per-task</c>, <c>--mem</c>,
/// <c>--time</c>, <c>--partition</c>, <c>--account</c>) and any further <c>sbatch</c> options; null: Slurm's default.
/// </summary>
public sealed record SlurmOptions
{
    /// <summary>CPUs per task (default: the cells' <c>training.threads</c>, at least 1).</summary>
    public int? CpusPerTask { get; init; }
    /// <summary>Memory per task, as sbatch writes it (<c>4G</c>).</summary>
    public string? Memory { get; init; }
    /// <summary>Time limit per task, as sbatch writes it (<c>01:30:00</c>, <c>90</c>); at the limit Slurm sends SIGTERM and the cell checkpoints.</summary>
    public string? Time { get; init; }
    /// <summary>The partition.</summary>
    public string? Partition { get; init; }
    /// <summary>The account to charge.</summary>
    public string? Account { get; init; }
    /// <summary>Further sbatch options, one per entry (<c>--qos=short</c>).</summary>
    public IReadOnlyList<string> Extra { get; init; } = [];

    /// <summary>These options with every option <paramref name="other"/> sets taking its place.</summary>
    public SlurmOptions With(SlurmOptions other) => new()
    {
        CpusPerTask = other.CpusPerTask ?? CpusPerTask, Memory = other.Memory ?? Memory, Time = other.Time ?? Time,
        Partition = other.Partition ?? Partition, Account = other.Account ?? Account, Extra = [.. Extra, .. other.Extra],
    };
}
