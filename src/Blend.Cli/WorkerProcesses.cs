using System.Diagnostics;
using System.Globalization;
using Blend.Cli.Commands;
using Blend.Experiments;

namespace Blend.Cli;

/// <summary>
/// <c>--workers N</c>: trains an experiment's models in N child processes of this program (<c>blend run-step</c>), each
/// with libtorch's thread count from the config, so N small models use N cores where one process could not (a small
/// model's step is bound by per-operation overhead, not arithmetic: two 1-thread workers do ≈1.7× the steps of one
/// 2-thread process on 2 cores — bench/README.md). Each worker reports its progress as <see cref="WorkerEvents"/> lines,
/// replayed into this process's observer. Cancellation closes a worker's standard input, which the worker takes as
/// Ctrl-C: it stops at a step boundary with its checkpoints intact, so <c>--resume</c> continues it. A worker that dies
/// takes its standard input's end with it, so a killed parent never leaves workers training.
/// </summary>
internal sealed class WorkerProcesses(string dataFolder, IExperimentObserver observer)
{
    /// <summary>What the worker's standard error said last, kept to explain a failure.</summary>
    private const int ErrorLinesKept = 20;

    /// <summary>The hook <see cref="BlendRecipe"/> runs each model through.</summary>
    public RecipeWorkers For(int count) => new(count, TrainStep);

    private async Task TrainStep(RecipeStep step, string folder, CancellationToken cancellation)
    {
        var (program, prefix) = SelfProcess.Command();
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in prefix) start.ArgumentList.Add(arg);
        foreach (string arg in RunStepCommand.Arguments(folder, dataFolder, step.Index, step.Deadline)) start.ArgumentList.Add(arg);
        var relay = new WorkerEvents.Relay(observer);
        var errors = new Queue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null) relay.Receive(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors)
            {
                errors.Enqueue(e.Data);
                if (errors.Count > ErrorLinesKept) errors.Dequeue();
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            process.StandardInput.Close(); // the worker's Ctrl-C: it checkpoints and stops
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }
        process.WaitForExit(); // the last output lines
        string what = $"{step.Model} of seed {step.Seed}";
        string said;
        lock (errors) said = string.Join(Environment.NewLine, errors);
        switch (process.ExitCode)
        {
            case ExitCodes.Success:
                return;
            case ExitCodes.Interrupted or ExitCodes.Terminated:
                throw new OperationCanceledException($"the worker training {what} was interrupted");
            case ExitCodes.BadInput:
                throw new BlendInputException($"the worker training {what}: {said.Replace("error: ", "", StringComparison.Ordinal).Trim()}");
            default:
                throw new InvalidOperationException(
                    string.Create(CultureInfo.InvariantCulture, $"the worker training {what} failed (exit code {process.ExitCode}):{Environment.NewLine}{said}"));
        }
    }
}
