using System.Diagnostics;
using Blend.Cli.Commands;
using Blend.Experiments.Sweeps;

namespace Blend.Cli.Sweeps;

/// <summary>
/// <c>--executor local</c>: runs the cells on this machine in N worker processes (<c>blend sweep-cell</c>), each with the
/// cells' <c>training.threads</c> (2 workers × 1 thread on 2 cores), each cell's output in <c>logs/&lt;id&gt;.log</c>; a line
/// per cell started and finished, with the time left. Ctrl-C or SIGTERM stops every worker at a checkpoint (their
/// standard input closes, which they take as Ctrl-C); running the sweep again continues. Collects the table at the end.
/// </summary>
internal sealed class LocalSweepExecutor : ISweepExecutor
{
    public string Name => "local";

    public int Run(SweepExecution execution, TextWriter stdout, TextWriter stderr)
    {
        var (folder, plan, cells, options) = execution;
        int threads = SweepCell.Threads(cells);
        int workers = Math.Min(CliOptions.Workers(options.Workers, threads), Math.Max(1, cells.Count));
        var (program, prefix) = SelfProcess.Command();
        if (options.DryRun)
        {
            stdout.WriteLine($"Would run {cells.Count} cell(s) on {workers} local worker(s):");
            foreach (var cell in cells) stdout.WriteLine($"  {program} {string.Join(" ", prefix.Concat(SweepCellCommand.Arguments(folder.Root, cell.Id, stopWithInput: true)))}");
            return ExitCodes.Success;
        }
        if (cells.Count > 0)
            stdout.WriteLine($"Running {cells.Count} cell(s) on {workers} local worker process(es) × {(threads == 0 ? "libtorch's default" : threads.ToString(System.Globalization.CultureInfo.InvariantCulture))} thread(s); each cell's log: {Path.Combine(folder.Root, "logs", "<cell>.log")}");
        var shortKeys = plan.ShortKeys();
        var clock = Stopwatch.StartNew();
        var queue = new Queue<SweepCell>(cells);
        var running = new List<Worker>();
        var durations = new List<TimeSpan>();
        int finished = 0, failed = 0, interrupted = 0;
        using var ctrlC = new CtrlC(stdout);
        while (queue.Count > 0 || running.Count > 0)
        {
            while (!ctrlC.Token.IsCancellationRequested && running.Count < workers && queue.TryDequeue(out var next))
            {
                running.Add(Worker.Start(program, prefix, folder, next));
                stdout.WriteLine($"  started  {Describe(next, shortKeys)}");
            }
            if (ctrlC.Token.IsCancellationRequested)
            {
                foreach (var worker in running) worker.Stop();
                queue.Clear();
            }
            var done = running.FirstOrDefault(w => w.Process.HasExited);
            if (done is null)
            {
                WaitHandle.WaitAny([ctrlC.Token.WaitHandle, .. running.Select(w => w.Exited)], TimeSpan.FromSeconds(1));
                continue;
            }
            running.Remove(done);
            int code = done.Process.ExitCode;
            done.Dispose();
            string what = Describe(done.Cell, shortKeys);
            // A cell that wrote its results is done, even when a signal reached it on its way out.
            if (SweepCellRun.Done(folder, done.Cell.Id))
            {
                finished++;
                durations.Add(done.Elapsed);
                int left = queue.Count + running.Count;
                string eta = left == 0 ? "" : $"; ~{Minutes(durations.Average(d => d.TotalSeconds) * Math.Ceiling((double)left / workers) - running.Select(w => w.Elapsed.TotalSeconds).DefaultIfEmpty(0).Average())} left";
                stdout.WriteLine($"[{finished}/{cells.Count}] done     {what} in {done.Elapsed.TotalSeconds:F0} s{eta}");
            }
            else if (code == ExitCodes.Success)
                stdout.WriteLine($"  skipped  {what}: another process is running it");
            else if (code is ExitCodes.Interrupted or ExitCodes.Terminated)
            {
                interrupted++;
                stdout.WriteLine($"  interrupted {what} (its checkpoints are kept)");
            }
            else
            {
                failed++;
                string why = File.Exists(folder.CellFailure(done.Cell.Id)) ? File.ReadAllText(folder.CellFailure(done.Cell.Id)).Trim() : $"exit code {code}";
                stderr.WriteLine($"  FAILED   {what}: {why} (log: {folder.Log(done.Cell.Id)})");
            }
        }
        if (ctrlC.Token.IsCancellationRequested)
        {
            stdout.WriteLine($"Interrupted after {clock.Elapsed.TotalMinutes:F1} min: {finished} cell(s) finished, {interrupted} stopped at a checkpoint; run the same blend sweep command again to continue");
            return ExitCodes.ForInterruption();
        }
        int collected = SweepCommand.Collect(folder, plan, stdout);
        if (failed > 0)
        {
            stderr.WriteLine($"{failed} cell(s) failed; blend sweep status {folder.Root} lists them, their logs say why; running the sweep again retries them");
            return ExitCodes.InternalError;
        }
        return collected;
    }

    private static string Describe(SweepCell cell, IReadOnlyDictionary<string, string> shortKeys) =>
        $"{cell.Id}  {cell.Family} {cell.Label(shortKeys)} seed {cell.Seed}";

    private static string Minutes(double seconds) => seconds < 90 ? $"{Math.Max(0, seconds):F0} s" : $"{seconds / 60:F0} min";

    /// <summary>One <c>blend sweep-cell</c> process, its output appended to the cell's log.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly StreamWriter _log;
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        private Worker(Process process, SweepCell cell, StreamWriter log)
        {
            Process = process;
            Cell = cell;
            _log = log;
            Exited = new ManualResetEvent(false);
        }

        public Process Process { get; }
        public SweepCell Cell { get; }
        public ManualResetEvent Exited { get; }
        public TimeSpan Elapsed => _clock.Elapsed;

        public static Worker Start(string program, IEnumerable<string> prefix, SweepFolder folder, SweepCell cell)
        {
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (string arg in prefix.Concat(SweepCellCommand.Arguments(folder.Root, cell.Id, stopWithInput: true))) start.ArgumentList.Add(arg);
            Directory.CreateDirectory(Path.GetDirectoryName(folder.Log(cell.Id))!);
            var log = new StreamWriter(new FileStream(folder.Log(cell.Id), FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            var process = new Process { StartInfo = start, EnableRaisingEvents = true };
            var worker = new Worker(process, cell, log);
            void Write(string? line)
            {
                if (line is null) return;
                lock (log) log.WriteLine(line);
            }
            process.OutputDataReceived += (_, e) => Write(e.Data);
            process.ErrorDataReceived += (_, e) => Write(e.Data);
            process.Exited += (_, _) => worker.Exited.Set();
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return worker;
        }

        /// <summary>Closes the worker's standard input: it stops at a step boundary with its checkpoints, like Ctrl-C.</summary>
        public void Stop()
        {
            try { Process.StandardInput.Close(); }
            catch (IOException) { }
        }

        public void Dispose()
        {
            Process.WaitForExit(); // the last output lines
            lock (_log) _log.Dispose();
            Exited.Dispose();
            Process.Dispose();
        }
    }
}
