using System.CommandLine;
using System.Globalization;
using Blend.Data;
using Blend.Experiments;

namespace Blend.Cli.Commands;

/// <summary>
/// <c>blend run-step</c> (hidden): trains one model of a <c>blend run</c> experiment that has begun — the worker side of
/// <c>--workers</c> (<see cref="WorkerProcesses"/>). It reads the experiment's resolved config from its working folder,
/// loads the data, and runs <see cref="BlendRecipe.RunStep{TModel, TRun, TResult}"/>: a student loads its replicate's
/// finished teacher, an interrupted model continues from its last checkpoint, a finished one is left as it is. With
/// <c>--events</c> it reports as <see cref="WorkerEvents"/> lines and stops, like Ctrl-C, when its standard input closes.
/// </summary>
public static class RunStepCommand
{
    private const string Name = "run-step";

    /// <summary>The arguments that run <paramref name="step"/> of the experiment in <paramref name="folder"/> as a worker.</summary>
    internal static IEnumerable<string> Arguments(string folder, string dataFolder, int step, DateTime? deadline)
    {
        yield return Name;
        yield return "--in";
        yield return folder;
        yield return "--data";
        yield return dataFolder;
        yield return "--step";
        yield return step.ToString(CultureInfo.InvariantCulture);
        if (deadline is { } end)
        {
            yield return "--deadline";
            yield return end.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        }
        yield return "--events";
    }

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var folder = CliOptions.Required<DirectoryInfo>("--in", "The experiment's working folder (<out>.incomplete), holding the config.yaml its start wrote.");
        var data = CliOptions.Required<DirectoryInfo>("--data", "The experiment's dataset folder.");
        var step = CliOptions.Required<int>("--step", "The model to train: its 0-based position in the experiment (replicate by replicate: baseline, teacher, students).");
        var deadline = CliOptions.Optional<DateTime?>("--deadline", "Stop training at this time (ISO 8601) and score the best checkpoint.");
        var events = CliOptions.Optional<bool>("--events", "Report progress as JSON lines for the process that started this one, and stop when standard input closes.");
        var command = new Command(Name, "Train one model of a begun experiment (the worker of blend run --workers).")
        {
            folder, data, step, deadline, events,
        };
        command.Hidden = true;
        command.SetAction(parsed =>
        {
            string working = parsed.GetValue(folder)!.ToString();
            string configPath = Path.Combine(working, BlendExperiment.ConfigFile);
            if (!File.Exists(configPath)) throw new BlendInputException($"{working}: no {BlendExperiment.ConfigFile}: not the working folder of a begun experiment");
            var config = ExperimentConfig.Load(configPath, []);
            TorchThreads.Apply(config.Training.Training.Threads);
            bool asWorker = parsed.GetValue(events);
            IExperimentObserver? observer = asWorker ? new WorkerEvents.Writer(stdout) : null;
            using var ctrlC = new CtrlC(stdout);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ctrlC.Token);
            if (asWorker) WatchStandardInput(stop);
            var request = new ExperimentRequest
            {
                DataFolder = parsed.GetValue(data)!.ToString(),
                OutputFolder = working.EndsWith(ResumableDirectory.IncompleteSuffix, StringComparison.Ordinal) ? working[..^ResumableDirectory.IncompleteSuffix.Length] : working,
                Config = config,
                Resume = true,
            };
            try
            {
                BlendExperiment.RunStep(request, working, parsed.GetValue(step), parsed.GetValue(deadline)?.ToUniversalTime(), observer, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.ForInterruption();
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The parent closes the worker's standard input to stop it (and it closes when the parent dies).</summary>
    internal static void WatchStandardInput(CancellationTokenSource stop) =>
        new Thread(() =>
        {
            try { Console.In.ReadToEnd(); }
            catch (IOException) { }
            try { stop.Cancel(); }
            catch (ObjectDisposedException) { }
        }) { IsBackground = true, Name = "worker stdin" }.Start();
}
