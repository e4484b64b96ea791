using System.Diagnostics;
using System.Globalization;
using Blend.Cli.Commands;
using Blend.Data;
using Blend.Experiments.Sweeps;

namespace Blend.Cli.Sweeps;

/// <summary>
/// <c>--executor slurm</c>: writes one <c>sbatch --array</c> script (<see cref="SlurmArrayScript"/>) for the cells still
/// to run into <c>slurm/</c> and submits it; each task runs one cell with the sweep's CPUs, memory, time limit and
/// partition (the sweep file's <c>slurm:</c>, then the command line's options). <c>--dry-run</c> prints the script;
/// <c>--wait</c> waits for the array (<c>sbatch --wait</c>) and collects the table.
/// </summary>
internal sealed class SlurmSweepExecutor : ISweepExecutor
{
    public string Name => "slurm";

    public int Run(SweepExecution execution, TextWriter stdout, TextWriter stderr)
    {
        var (folder, plan, cells, options) = execution;
        if (cells.Count == 0) return SweepCommand.Collect(folder, plan, stdout);
        var resources = plan.Slurm.With(options.Slurm);
        int threads = SweepCell.Threads(cells);
        resources = resources with { CpusPerTask = resources.CpusPerTask ?? Math.Max(1, threads) };
        var (program, prefix) = SelfProcess.Command();
        string script = SlurmArrayScript.Text(folder, plan.SweepFile, cells, resources, [program, .. prefix]);
        if (options.DryRun)
        {
            stdout.Write(script);
            return ExitCodes.Success;
        }
        Directory.CreateDirectory(folder.SlurmFolder);
        string path = Path.Combine(folder.SlurmFolder, $"sweep-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.sbatch");
        AtomicFile.WriteAllText(path, script);
        var start = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--parsable");
        if (options.Wait) start.ArgumentList.Add("--wait");
        start.ArgumentList.Add(path);
        Process submit;
        try
        {
            submit = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new BlendInputException("sbatch not found: --executor slurm needs Slurm's client commands on this machine (or run the cells here with --executor local)");
        }
        using (submit)
        {
            // sbatch --parsable prints the job id as soon as it is queued; with --wait it then waits for the array.
            string? job = submit.StandardOutput.ReadLine()?.Split(';')[0].Trim();
            var errors = submit.StandardError.ReadToEndAsync();
            if (!string.IsNullOrEmpty(job))
            {
                stdout.WriteLine($"Submitted Slurm job {job}: {cells.Count} array task(s), one cell each ({path}); task output in {folder.SlurmFolder}");
                stdout.WriteLine(options.Wait ? "Waiting for it to finish…" : $"Follow it with: blend sweep status {folder.Root}; when it is done: blend sweep collect {folder.Root}");
            }
            submit.WaitForExit();
            string said = errors.Result.Trim();
            if (string.IsNullOrEmpty(job))
                throw new BlendInputException($"sbatch refused {path}: {(said.Length > 0 ? said : $"exit code {submit.ExitCode}")}");
            if (!options.Wait) return ExitCodes.Success;
            if (submit.ExitCode != 0) stderr.WriteLine($"sbatch --wait: job {job} ended with failures ({said}); blend sweep status {folder.Root} shows which cells");
        }
        int collected = SweepCommand.Collect(folder, plan, stdout);
        return SweepStatus.Of(folder, plan).All(s => s.State == SweepCellState.Done) ? collected : ExitCodes.InternalError;
    }
}
