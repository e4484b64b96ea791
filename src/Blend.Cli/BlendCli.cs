using System.CommandLine;
using System.CommandLine.Help;
using Blend.Cli.Commands;

namespace Blend.Cli;

/// <summary>The `blend` command line: builds the command tree and maps failures to exit codes.</summary>
public static class BlendCli
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, Console.In, stdout, stderr);

    /// <summary>Runs with <paramref name="stdin"/> as the input that reads it (<c>blend stream</c>).</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        // A plain root named "blend" (not RootCommand, which names itself after the assembly) so help reads "blend …".
        var root = new Command("blend",
            "Blend: behavior-guided neural population dynamics modeling via privileged knowledge distillation.")
        {
            new HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(SynthCommand.Create(stdout));
        root.Subcommands.Add(EvaluateCommand.Create(stdout, stderr));
        root.Subcommands.Add(ImportCommand.Create(stdout));
        root.Subcommands.Add(SmoothCommand.Create(stdout, stderr));
        root.Subcommands.Add(TrainCommand.Create(stdout, stderr));
        root.Subcommands.Add(RunCommand.Create(stdout, stderr));
        root.Subcommands.Add(PredictCommand.Create(stdout, stderr));
        root.Subcommands.Add(ExportCommand.Create(stdout));
        root.Subcommands.Add(ImportWeightsCommand.Create(stdout));
        root.Subcommands.Add(StreamCommand.Create(stdin, stdout, stderr));
        root.Subcommands.Add(DemoCommand.Create(stdout, stderr));
        root.Subcommands.Add(EnsembleCommand.Create(stdout, stderr));
        root.Subcommands.Add(IdentityCommand.Create(stdout, stderr));
        root.Subcommands.Add(NwbCommand.Create(stdout, stderr));
        root.Subcommands.Add(RunStepCommand.Create(stdout, stderr));
        root.Subcommands.Add(SweepCommand.Create(stdout, stderr));
        root.Subcommands.Add(SweepCellCommand.Create(stdout, stderr));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) stderr.WriteLine($"error: {error.Message}");
            stderr.WriteLine("Run 'blend --help' for usage.");
            return ExitCodes.BadInput;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (BlendInputException error)
        {
            stderr.WriteLine($"error: {error.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException) when (CtrlC.Received is not null)
        {
            stderr.WriteLine("Interrupted; nothing was written");
            return ExitCodes.ForInterruption();
        }
        catch (Exception error) when (EnvironmentErrors.Describe(error) is string message)
        {
            stderr.WriteLine($"error: {message}");
            return ExitCodes.BadInput;
        }
        catch (Exception error)
        {
            stderr.WriteLine($"internal error (please report): {error}");
            return ExitCodes.InternalError;
        }
    }
}
