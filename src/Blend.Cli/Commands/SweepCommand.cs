using System.CommandLine;
using Blend.Cli.Sweeps;
using Blend.Data;
using Blend.Experiments.Sweeps;
using Blend.Reporting;

namespace Blend.Cli.Commands;

/// <summary>
/// <c>blend sweep SWEEP.yaml --out DIR</c>: a grid (and random samples) of BLEND settings × model families × seeds, one
/// cell per setting and seed, run by local worker processes or as a Slurm job array, collected into one table. Cells are
/// addressed by a hash of their resolved config and data, so running the sweep again (after an interruption, a time
/// limit, or with a grown grid) reuses what finished. <c>blend sweep status DIR</c> and <c>blend sweep collect DIR</c>
/// read the folder at any time.
/// </summary>
public static class SweepCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<FileInfo>("SWEEP") { Description = "The sweep file (YAML: data, config, set, grid, random, seeds, slurm; see configs/sweep-demo.yaml)." };
        var output = CliOptions.Required<DirectoryInfo>("--out", "The sweep folder (new, or an earlier run of this sweep to continue).", "-o");
        var data = CliOptions.Optional<DirectoryInfo?>("--data", "Dataset folder (instead of the sweep file's data:).", "-d");
        var executor = CliOptions.WithDefault("--executor", "local", "Where the cells run: local (worker processes here) or slurm (one sbatch job array).");
        executor.AcceptOnlyFromAmong([.. SweepExecutors.All.Select(e => e.Name)]);
        var workers = new Option<int?>("--workers") { Description = "local: cells run at once, each in its own process with training.threads threads (default: the cores over training.threads)." };
        var dryRun = CliOptions.Optional<bool>("--dry-run", "Show what would run (slurm: the sbatch script) without running or writing anything.");
        var wait = CliOptions.Optional<bool>("--wait", "slurm: wait for the job array to finish, then collect the table.");
        var partition = CliOptions.Optional<string?>("--partition", "slurm: the partition (instead of the sweep file's slurm.partition).");
        var time = CliOptions.Optional<string?>("--time", "slurm: each task's time limit, as sbatch takes it (01:30:00); at the limit the cell checkpoints.");
        var memory = CliOptions.Optional<string?>("--mem", "slurm: each task's memory, as sbatch takes it (4G).");
        var cpus = CliOptions.Optional<int?>("--cpus-per-task", "slurm: CPUs per task (default: training.threads).");
        var account = CliOptions.Optional<string?>("--account", "slurm: the account to charge.");

        var command = new Command("sweep",
            "Run a grid of BLEND settings × families × seeds as local worker processes or a Slurm job array, then one table over all; status and collect read a sweep folder.")
        {
            file, output, data, executor, workers, dryRun, wait, partition, time, memory, cpus, account,
        };
        command.Subcommands.Add(StatusCommand(stdout));
        command.Subcommands.Add(CollectCommand(stdout, stderr));
        command.SetAction(parsed =>
        {
            var sweep = SweepFile.Load(parsed.GetValue(file)!.ToString());
            var folder = new SweepFolder(parsed.GetValue(output)!.ToString());
            var plan = SweepPlan.Expand(sweep, parsed.GetValue(data)?.ToString(), folder);
            if (Directory.Exists(folder.Root) && Directory.EnumerateFileSystemEntries(folder.Root).Any() && !File.Exists(folder.PlanFile))
                throw new BlendInputException($"{folder.Root}: not empty and not a sweep folder; give a new folder or an earlier run of a sweep");
            bool dry = parsed.GetValue(dryRun);
            if (!dry) plan.Write(folder);
            var states = dry ? [.. plan.Cells.Select(c => SweepCellRun.Done(folder, c.Id) ? SweepCellState.Done : SweepCellState.Pending)]
                : SweepStatus.Of(folder, plan).Select(s => s.State).ToArray();
            var toRun = plan.RunOrder(plan.Cells.Where((c, i) => states[i] is not (SweepCellState.Done or SweepCellState.Running)));
            int families = plan.Cells.Select(c => c.Family).Distinct().Count();
            stdout.WriteLine($"Sweep {sweep.Path} on {plan.DataFolder}: {plan.Cells.Count} cells ({families} famil{(families == 1 ? "y" : "ies")} × " +
                             $"{plan.Cells.Select(c => c.Label()).Distinct().Count()} setting(s) × seeds; {plan.Cells.Select(c => (c.Trunk, c.Seed)).Distinct().Count()} baseline/teacher pair(s) shared among them) → {folder.Root}");
            int done = states.Count(s => s == SweepCellState.Done), elsewhere = states.Count(s => s == SweepCellState.Running);
            if (done + elsewhere > 0)
                stdout.WriteLine($"{done} cell(s) finished before{(elsewhere > 0 ? $", {elsewhere} running in another process" : "")}; {toRun.Count} to run");
            var options = new SweepExecutorOptions(parsed.GetValue(workers), dry, parsed.GetValue(wait), new SlurmOptions
            {
                Partition = parsed.GetValue(partition), Time = parsed.GetValue(time), Memory = parsed.GetValue(memory),
                CpusPerTask = parsed.GetValue(cpus), Account = parsed.GetValue(account),
            });
            return SweepExecutors.Named(parsed.GetValue(executor)!).Run(new SweepExecution(folder, plan, toRun, options), stdout, stderr);
        });
        return command;
    }

    private static Command StatusCommand(TextWriter stdout)
    {
        var folder = new Argument<DirectoryInfo>("DIR") { Description = "The sweep folder." };
        var command = new Command("status", "Every cell of a sweep: done, running, interrupted, failed or pending (from its files; works while the sweep runs).") { folder };
        command.SetAction(parsed =>
        {
            var sweep = new SweepFolder(parsed.GetValue(folder)!.ToString());
            var plan = SweepPlan.Read(sweep);
            var shortKeys = plan.ShortKeys();
            var statuses = SweepStatus.Of(sweep, plan);
            var lines = statuses.Select(s => (s.Cell.Id, s.Cell.Family, Setting: s.Cell.Label(shortKeys), Seed: s.Cell.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                State: s.State.ToString().ToLowerInvariant(), Models: $"{s.ModelsDone}/{s.Models} models", Detail: s.Failure ?? "")).ToList();
            int Width(Func<(string Id, string Family, string Setting, string Seed, string State, string Models, string Detail), string> column, string header) =>
                Math.Max(header.Length, lines.Select(column).DefaultIfEmpty("").Max(c => c.Length));
            int[] widths = [Width(l => l.Id, "cell"), Width(l => l.Family, "family"), Width(l => l.Setting, "setting"), Width(l => l.Seed, "seed"), Width(l => l.State, "state"), Width(l => l.Models, "models")];
            stdout.WriteLine($"{"cell".PadRight(widths[0])}  {"family".PadRight(widths[1])}  {"setting".PadRight(widths[2])}  {"seed".PadRight(widths[3])}  {"state".PadRight(widths[4])}  models");
            foreach (var l in lines)
                stdout.WriteLine($"{l.Id.PadRight(widths[0])}  {l.Family.PadRight(widths[1])}  {l.Setting.PadRight(widths[2])}  {l.Seed.PadRight(widths[3])}  {l.State.PadRight(widths[4])}  {l.Models.PadRight(widths[5])}  {l.Detail}".TrimEnd());
            stdout.WriteLine($"{statuses.Count} cells: " + string.Join(", ", Enum.GetValues<SweepCellState>().Reverse()
                .Select(state => (state, n: statuses.Count(s => s.State == state))).Where(p => p.n > 0).Select(p => $"{p.n} {p.state.ToString().ToLowerInvariant()}")));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CollectCommand(TextWriter stdout, TextWriter stderr)
    {
        var folder = new Argument<DirectoryInfo>("DIR") { Description = "The sweep folder." };
        var command = new Command("collect", "One table over a sweep's finished cells: mean ± CI per setting, paired tests against the baseline, Distill-Best per family (sweep-results.md, .json).") { folder };
        command.SetAction(parsed =>
        {
            var sweep = new SweepFolder(parsed.GetValue(folder)!.ToString());
            return Collect(sweep, SweepPlan.Read(sweep), stdout);
        });
        return command;
    }

    /// <summary>Collects the finished cells into sweep-results.md and .json and prints the table; a sweep with no finished cell is an error.</summary>
    internal static int Collect(SweepFolder folder, SweepPlan plan, TextWriter stdout)
    {
        var results = SweepCollection.Collect(folder, plan);
        if (results.CellsDone == 0) throw new BlendInputException($"{folder.Root}: no cell has finished yet (blend sweep status {folder.Root})");
        string markdown = SweepReport.Markdown(results);
        AtomicFile.WriteAllText(folder.ResultsJson, results.ToJson());
        AtomicFile.WriteAllText(folder.ResultsMarkdown, markdown);
        stdout.Write(markdown);
        stdout.WriteLine($"Wrote {folder.ResultsMarkdown} and {Path.GetFileName(folder.ResultsJson)} ({results.CellsDone} of {results.Cells} cells)");
        return ExitCodes.Success;
    }
}
