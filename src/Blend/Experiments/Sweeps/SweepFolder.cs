namespace Blend.Experiments.Sweeps;

/// <summary>
/// A sweep's folder, everything in files so that any process (a local worker, a Slurm task on another node, <c>blend
/// sweep status</c>) can read it: <c>sweep.json</c> (the plan), <c>cells/&lt;id&gt;.cell.json</c> (each cell's definition,
/// kept while any plan names it), <c>cells/&lt;id&gt;/</c> (a finished cell, as <c>blend run</c> writes an experiment;
/// <c>&lt;id&gt;.incomplete</c> while it runs or after an interruption; <c>&lt;id&gt;.failed</c> says why it failed),
/// <c>trunks/&lt;trunk&gt;/</c> (baselines and teachers shared between cells), <c>locks/</c>, <c>logs/&lt;id&gt;.log</c>,
/// <c>slurm/</c> (submitted scripts) and the collected <c>sweep-results.md</c> / <c>.json</c>.
/// </summary>
public sealed class SweepFolder(string root)
{
    /// <summary>The sweep's folder (absolute).</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The plan: which cells the sweep has, in order.</summary>
    public string PlanFile => Path.Combine(Root, "sweep.json");
    /// <summary>A finished cell's experiment folder.</summary>
    public string Cell(string id) => Path.Combine(Root, "cells", id);
    /// <summary>A cell's definition (config, seed, data).</summary>
    public string CellDefinition(string id) => Path.Combine(Root, "cells", id + ".cell.json");
    /// <summary>Why a cell failed, written when it fails and removed when it runs again.</summary>
    public string CellFailure(string id) => Path.Combine(Root, "cells", id + ".failed");
    /// <summary>Held by the process running a cell.</summary>
    public string CellLock(string id) => Path.Combine(Root, "locks", $"cell-{id}.lock");
    /// <summary>A shared model (<paramref name="relative"/>: its run folder, e.g. <c>seed0/baseline</c>) of a trunk.</summary>
    public string TrunkModel(string trunk, string relative) => Path.Combine(Root, "trunks", trunk, relative);
    /// <summary>Held by the cell that trains a trunk's model; the others wait and copy it.</summary>
    public string TrunkLock(string trunk, string model) => Path.Combine(Root, "locks", $"trunk-{trunk}-{model}.lock");
    /// <summary>A cell's log (what its process printed).</summary>
    public string Log(string id) => Path.Combine(Root, "logs", id + ".log");
    /// <summary>Submitted Slurm scripts and their tasks' output.</summary>
    public string SlurmFolder => Path.Combine(Root, "slurm");
    /// <summary>The collected table.</summary>
    public string ResultsMarkdown => Path.Combine(Root, "sweep-results.md");
    /// <summary>The collected results.</summary>
    public string ResultsJson => Path.Combine(Root, "sweep-results.json");
}
