using System.CommandLine;
using Blend.Data;
using Blend.Deployment;
using Blend.Training;

namespace Blend.Cli.Commands;

/// <summary>
/// <c>blend import-weights</c>: a PyTorch state dict (the BLEND reference's NDT, or one <c>blend export --format pth</c>
/// wrote) as a model bundle. The config says which model the weights belong to and the dataset gives the neurons and
/// trial geometry; the behavior decoder is fitted on the imported model's rates of that dataset's training trials, as
/// <c>blend train</c> does, so the bundle serves <c>blend predict</c> and <c>blend export</c> like a trained one.
/// </summary>
public static class ImportWeightsCommand
{
    public static Command Create(TextWriter stdout)
    {
        var weights = CliOptions.Required<FileInfo>("--weights", "A PyTorch state dict (.pth): the reference NDT's parameter names, or Blend's for STNDT and LFADS.", "-w");
        var data = CliOptions.Required<DirectoryInfo>("--data", "The dataset the weights were trained on (its neurons, trial length and training trials for the behavior decoder).", "-d");
        var config = CliOptions.Optional<FileInfo?>("--config", "YAML config of the model the weights belong to (default: the reference NDT, configs/ndt.yaml).", "-c");
        var set = CliOptions.Optional<string[]>("--set", "Override one config key (repeatable).");
        set.Arity = ArgumentArity.ZeroOrMore;
        var output = CliOptions.Required<DirectoryInfo>("--out", "The bundle folder to write (new or empty).", "-o");
        var command = new Command("import-weights", "Make a model bundle from a PyTorch state dict (e.g. the BLEND reference's NDT), for blend predict and blend export.")
        {
            weights, data, config, set, output,
        };
        command.SetAction(parsed => Run(parsed.GetValue(weights)!.ToString(), parsed.GetValue(data)!.ToString(), parsed.GetValue(config)?.ToString(),
            parsed.GetValue(set) ?? [], parsed.GetValue(output)!.ToString(), stdout));
        return command;
    }

    private static int Run(string weights, string dataFolder, string? configPath, string[] overrides, string output, TextWriter stdout)
    {
        if (AtomicDirectory.DestinationProblem(output) is string problem) throw new BlendInputException($"{output}: {problem}");
        if (!File.Exists(weights)) throw new BlendInputException($"{weights}: file not found");
        var config = TrainingConfig.Load(configPath, overrides);
        var source = DatasetSource.Read(dataFolder);
        using var data = TrainingData.Load(source, config.Training);
        var bundleData = BundleDataDescription.From(source, data);
        using var model = ModelFactory.Create(config, data.Layout);
        PyTorchStateDict.Read(weights, model);
        model.eval();
        var rates = RatePrediction.Submission(model, data, config.Training.BatchSize, config.Training.InferencePasses);
        var manifest = ModelBundle.Write(output, model, config, data.Layout, bundleData, Path.GetFileNameWithoutExtension(weights), "model",
            bestEpoch: -1, Array3.ConcatChannels(rates.TrainRatesHeldin, rates.TrainRatesHeldout));
        stdout.WriteLine($"Wrote {output}: {manifest.Architecture} with the weights of {weights} ({model.parameters().Sum(p => p.numel()):N0} parameters), " +
                         $"{manifest.HeldinCount}+{manifest.HeldoutCount} neurons of '{manifest.Dataset}', {manifest.MainBins}+{manifest.ForwardBins} bins" +
                         (manifest.Decoder is { } d ? $"; behavior decoder fitted on {d.TrainingRows} training bins (cross-validated R² {d.CrossValidatedR2:F3})" : ""));
        return ExitCodes.Success;
    }
}
