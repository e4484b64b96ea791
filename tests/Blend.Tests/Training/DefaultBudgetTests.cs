using Blend.Cli.Commands;
using Blend.Data;
using Blend.Experiments;
using Blend.Training;
using Blend.Tests.Cli;
using Blend.Tests.Data;
using Blend.Tests.Experiments;

namespace Blend.Tests.Training;

/// <summary>
/// Defaults that finish: without a config file, <c>blend train</c> and <c>blend run</c> start from the family's shipped
/// CPU config and scale its schedule to the data (<see cref="DefaultBudget"/>), saying what they chose.
/// </summary>
[Collection(TorchTrainingCollection.Name)]
public sealed class DefaultBudgetTests
{
    private static readonly TrainingOptions Shipped = BuiltInConfigs.Load("ndt", []).Training.Training;
    private static readonly TrialLayout Demo = new(60, 20, 35, 10, 0);
    private static readonly TrialLayout McMazeSized = new(137, 45, 140, 40, 0);

    [Fact]
    public void SmallDataKeepsTheShippedScheduleAndLargeDataGetsFewerEpochs()
    {
        var (small, smallText) = DefaultBudget.Choose(Shipped, 360, Demo, threads: 2);
        Assert.Equal(Shipped, small);
        Assert.Contains("the whole shipped schedule", smallText);

        var (large, largeText) = DefaultBudget.Choose(Shipped, 1360, McMazeSized, threads: 2);
        // 2e9 / (1360 × 180 × (180 + 182)) = 22.6 epochs.
        Assert.Equal(22, large.Epochs);
        Assert.Equal(1, large.Warmup);
        Assert.Equal(1, large.ValInterval);
        Assert.Equal(7, large.Patience);
        Assert.Equal(Shipped.Lr, large.Lr);
        Assert.Equal(Shipped.BatchSize, large.BatchSize);
        Assert.Contains("22 epochs", largeText);
        Assert.Contains("1,360 training trials × 180 bins × 182 neurons on 2 threads", largeText);

        // Twice the data, half the epochs; a huge dataset still gets the minimum; more threads, more epochs (up to the cap).
        Assert.Equal(11, DefaultBudget.Choose(Shipped, 2720, McMazeSized, threads: 2).Options.Epochs);
        Assert.Equal(DefaultBudget.MinEpochs, DefaultBudget.Choose(Shipped, 100_000, McMazeSized, threads: 2).Options.Epochs);
        Assert.Equal(45, DefaultBudget.Choose(Shipped, 1360, McMazeSized, threads: 4).Options.Epochs);
        Assert.Equal(DefaultBudget.Choose(Shipped, 1360, McMazeSized, threads: 8).Options, DefaultBudget.Choose(Shipped, 1360, McMazeSized, threads: 64).Options);
        // The same data and machine: the same choice.
        Assert.Equal(large, DefaultBudget.Choose(Shipped, 1360, McMazeSized, threads: 2).Options);
    }

    [Fact]
    public void TheScheduleIsChosenOnlyWhenNothingSetsIt()
    {
        Assert.True(BuiltInConfigs.ScheduleIsDefault([]));
        Assert.True(BuiltInConfigs.ScheduleIsDefault(["training.lr=1e-3", "model.layers=3"]));
        Assert.False(BuiltInConfigs.ScheduleIsDefault(["training.epochs=5"]));
        Assert.False(BuiltInConfigs.ScheduleIsDefault([" training.patience =9"]));

        var ndt = RunCommand.Configs([], null, []).Single();
        Assert.Equal(BuiltInConfigs.Load("ndt", ["training.threads=0"]), ndt);
        Assert.Equal(2, ndt.Training.Model.Layers);
        var lfads = RunCommand.Configs([], "lfads", []).Single();
        Assert.Equal(BuiltInConfigs.Load("lfads", ["training.threads=0"]), lfads);
        Assert.Equal("lfads", BuiltInConfigs.CpuDefault(["model.architecture=lfads"]).Training.Architecture);
        // A family without a shipped CPU config starts from the built-in defaults.
        Assert.Equal(ExperimentConfig.Load(null, ["model.architecture=conv", "training.threads=0"]), RunCommand.Configs([], "conv", []).Single());
    }

    [Fact]
    public void TrainWithoutAConfigSaysWhatItChoseAndRecordsIt()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run(["train", "--data", BlendExperimentTests.DataFolder.Value, "--out", temp.File("run"), "--max-epochs", "1",
            "--set", "training.threads=1"]);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Contains("No --config: ndt's CPU config with 150 epochs", result.Stdout);
        var recorded = TrainingConfig.Load(temp.File("run/config.yaml"));
        Assert.Equal(150, recorded.Training.Epochs);
        Assert.Equal(2, recorded.Model.Layers);

        // A schedule given on the command line is kept as it is, and nothing is said.
        var given = CliRunner.Run(["train", "--data", BlendExperimentTests.DataFolder.Value, "--out", temp.File("given"), "--max-epochs", "1",
            "--set", "training.threads=1", "--set", "training.epochs=7"]);
        Assert.True(given.ExitCode == 0, given.Stderr + given.Stdout);
        Assert.DoesNotContain("No --config", given.Stdout);
        Assert.Equal(7, TrainingConfig.Load(temp.File("given/config.yaml")).Training.Epochs);
    }

    [Fact]
    public void AnExperimentWithoutAConfigScalesItsScheduleToTheData()
    {
        using var temp = new TempFolder();
        var notes = new List<string>();
        var request = new ExperimentRequest
        {
            DataFolder = BlendExperimentTests.DataFolder.Value, OutputFolder = temp.File("exp"),
            Config = BuiltInConfigs.CpuDefault(["training.threads=1"]), ChooseBudget = true,
        };
        using var task = new NlbBlendTask(request, new NoteCollector(notes));
        Directory.CreateDirectory(temp.File("exp"));
        _ = task.Begin(temp.File("exp")).ToList();
        var written = ExperimentConfig.Load(temp.File("exp/config.yaml"));
        var data = TrainingData.Load(BlendExperimentTests.DataFolder.Value, written.Training.Training);
        var expected = DefaultBudget.Choose(request.Config.Training.Training, data.Train.Count, data.Layout, 1).Options;
        data.Dispose();
        Assert.Equal(expected, written.Training.Training);
        Assert.Contains(notes, n => n.StartsWith("No config file: ndt's CPU config with", StringComparison.Ordinal));
    }

    private sealed class NoteCollector(List<string> notes) : IExperimentObserver
    {
        public void Note(string message) => notes.Add(message);
    }
}
