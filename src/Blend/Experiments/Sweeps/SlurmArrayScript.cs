using System.Text;

namespace Blend.Experiments.Sweeps;

/// <summary>
/// The <c>sbatch</c> script of <c>blend sweep --executor slurm</c>: one job array with a task per cell, each running
/// <c>blend sweep-cell DIR --cell ID</c> with the sweep's resources. At a task's time limit (or <c>scancel</c>) Slurm sends
/// SIGTERM, which the cell handles like Ctrl-C: it checkpoints and stops, and a re-submitted sweep continues it.
/// </summary>
public static class SlurmArrayScript
{
    /// <summary>
    /// The script that runs <paramref name="cells"/> of the sweep in <paramref name="folder"/>, starting Blend with
    /// <paramref name="blend"/> (the program and its leading arguments).
    /// </summary>
    public static string Text(SweepFolder folder, string sweepFile, IReadOnlyList<SweepCell> cells, SlurmOptions options, IReadOnlyList<string> blend)
    {
        if (cells.Count == 0) throw new ArgumentException("a job array needs at least one cell", nameof(cells));
        var script = new StringBuilder("#!/bin/bash\n");
        script.Append($"# Blend sweep {sweepFile}: {cells.Count} cell{(cells.Count == 1 ? "" : "s")}, one array task each (blend sweep-cell).\n");
        script.Append("# Written by blend sweep --executor slurm. A task stopped by its time limit or scancel keeps its checkpoints;\n");
        script.Append("# running the same blend sweep command again submits the unfinished cells and continues them.\n");
        script.Append("#SBATCH --job-name=blend-sweep\n");
        script.Append($"#SBATCH --array=0-{cells.Count - 1}\n");
        script.Append($"#SBATCH --cpus-per-task={options.CpusPerTask ?? 1}\n");
        if (options.Memory is { } memory) script.Append($"#SBATCH --mem={memory}\n");
        if (options.Time is { } time) script.Append($"#SBATCH --time={time}\n");
        if (options.Partition is { } partition) script.Append($"#SBATCH --partition={partition}\n");
        if (options.Account is { } account) script.Append($"#SBATCH --account={account}\n");
        script.Append($"#SBATCH --output={Path.Combine(folder.SlurmFolder, "%A_%a.out")}\n");
        foreach (string extra in options.Extra) script.Append($"#SBATCH {extra}\n");
        script.Append("set -euo pipefail\n");
        script.Append("cells=(").Append(string.Join(" ", cells.Select(c => c.Id))).Append(")\n");
        script.Append("cell=${cells[$SLURM_ARRAY_TASK_ID]}\n");
        // The cell's log is where the local executor writes it too; Slurm's own messages (a time limit) stay in %A_%a.out.
        string logs = Quote(Path.GetDirectoryName(folder.Log("x"))!);
        script.Append($"mkdir -p {logs}\n");
        script.Append($"echo \"task ${{SLURM_ARRAY_JOB_ID}}_${{SLURM_ARRAY_TASK_ID}} on $(hostname): cell $cell, log {logs}/$cell.log\"\n");
        // exec: the cell is the task's process, so SIGTERM at the time limit or scancel reaches it directly.
        script.Append("exec ").Append(string.Join(" ", blend.Select(Quote)))
            .Append($" sweep-cell {Quote(folder.Root)} --cell \"$cell\" >> {logs}/\"$cell.log\" 2>&1\n");
        return script.ToString();
    }

    /// <summary>A word for bash: as it is when plain, else single-quoted.</summary>
    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=,:@+".Contains(c)) ? word : $"'{word.Replace("'", "'\\''")}'";
}
