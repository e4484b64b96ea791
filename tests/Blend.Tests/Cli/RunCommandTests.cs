using Blend.Data;
using Blend.Evaluation;
using Blend.Experiments;
using Blend.Tests.Data;
using Blend.Tests.Experiments;
using Blend.Tests.Training;
using Blend.Evaluation.Results;

namespace Blend.Tests.Cli;

[Collection(TorchTrainingCollection.Name)]
public class RunCommandTests
{
    private static string[] Tiny => [.. BlendExperimentTests.Tiny.SelectMany(s => new[] { "--set", s })];

    [Fact]
    public void TinyEndToEndRunWritesResultsReportAndFigures()
    {
        using var temp = new TempFolder();
        string output = temp.File("runs/tiny");
        var result = CliRunner.Run(["run", "--data", BlendExperimentTests.DataFolder.Value, "--out", output, "--model", "conv",
            "--strategies", "hard,0.5*hard+0.5*soft", "--seeds", "2", "--alpha", "0.4", "--temperature", "3", .. Tiny]);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Equal("", result.Stderr);

        Assert.Equal(["config.yaml", "data.fingerprint.json", "figures", "report.md", "results.json", "seed0", "seed1", "smoothing"],
            Directory.GetFileSystemEntries(output).Select(Path.GetFileName).Order());
        Assert.Equal(["run.json", "scores.json", "smoothing.json", "submission.h5"],
            Directory.GetFileSystemEntries(Path.Combine(output, "smoothing")).Select(Path.GetFileName).Order());
        Assert.Equal(["baseline", "student-0.5xhard+0.5xsoft", "student-hard", "teacher"],
            Directory.GetDirectories(Path.Combine(output, "seed1")).Select(Path.GetFileName).Order());
        Assert.Equal(["checkpoints", "config.yaml", "latents.h5", "metrics.jsonl", "run.json", "scores.json", "submission.h5", "tensorboard"],
            Directory.GetFileSystemEntries(Path.Combine(output, "seed0", "teacher")).Select(Path.GetFileName).Order());
        foreach (string png in new[] { "rates.png", "velocity.png", "metrics.png", "latents.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(output, "figures", png));
            Assert.True(bytes.Length > 1000 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G', png);
        }

        var results = ExperimentResults.FromJson(File.ReadAllText(Path.Combine(output, "results.json")));
        Assert.Equal("conv", results.Architecture);
        Assert.Equal(0.4, results.Distillation.Alpha);
        Assert.Equal(3, results.Distillation.Temperature);
        Assert.Equal(["hard", "0.5*hard+0.5*soft"], results.Strategies);
        Assert.Equal(["smoothing", "baseline", "student-hard", "student-0.5*hard+0.5*soft", ExperimentResults.DistillBestName, "teacher"],
            results.Models.Select(m => m.Model));
        Assert.Equal([NlbMetricNames.CoBps, NlbMetricNames.VelR2, NlbMetricNames.PsthR2, NlbMetricNames.FpBps, LatentR2.MetricName], results.MetricNames);
        // Synthetic data has true latents: every trained model (not the smoothing reference) gets a latent R².
        Assert.All(results.Models.Where(m => m.Role != ModelRole.Reference), m => Assert.Contains(LatentR2.MetricName, m.Metrics.Keys));
        Assert.DoesNotContain(LatentR2.MetricName, results.Models[0].Metrics.Keys);
        Assert.All(results.Models.Where(m => m.Role != ModelRole.Reference), m => Assert.Equal(2, m.Runs.Count));
        // The smoothing reference is fitted once: it has no seed.
        Assert.Single(results.Models[0].Runs);
        Assert.Equal(ModelRole.Reference, results.Models[0].Role);
        Assert.All(results.Models.Where(m => m.Role != ModelRole.Baseline), m => Assert.NotNull(m.VelR2ChangePercent));
        Assert.StartsWith("blend run --data ", results.CommandLine);
        Assert.Contains("'hard,0.5*hard+0.5*soft'", results.CommandLine);

        Assert.Contains("teacher (sees behavior)", result.Stdout);
        Assert.Contains("mean ± std over 2 seeds", result.Stdout);
        Assert.Contains($"Report: {Path.Combine(output, "report.md")}", result.Stdout);
        Assert.Equal(8, result.Stdout.Split('\n').Count(l => l.StartsWith('[')));

        string report = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains(results.CommandLine, report);
        Assert.Contains("| model | run | co-bps | vel R2 | Δ vel R2 vs baseline | paired Δ vel R2 [95 % CI] | p (t / W) | psth R2 | fp-bps |", report);
        Assert.Contains("| conv | baseline | ", report);
        Assert.Contains("*teacher (sees behavior)*", report);
        Assert.Contains("![Predicted vs true rates](figures/rates.png)", report);
        Assert.Contains("![Decoded vs true velocity](figures/velocity.png)", report);
        Assert.Contains("![Metrics per model](figures/metrics.png)", report);
        Assert.Contains("![Latent trajectories](figures/latents.png)", report);
        Assert.Contains("true rate", report);
    }

    [Fact]
    public void SeveralModelFamiliesRunOneExperimentEachAndOneTable()
    {
        using var temp = new TempFolder();
        string output = temp.File("compare");
        var result = CliRunner.Run(["run", "--data", BlendExperimentTests.DataFolder.Value, "--out", output, "--model", "conv,ndt",
            "--strategies", "hard", "--seeds", "1", .. Tiny, "--set", "model.heads=1"]);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);

        Assert.Equal(["comparison.json", "comparison.md", "conv", "ndt"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName).Order());
        foreach (string family in new[] { "conv", "ndt" })
        {
            var results = ExperimentResults.FromJson(File.ReadAllText(Path.Combine(output, family, "results.json")));
            Assert.Equal(family, results.Architecture);
            Assert.True(File.Exists(Path.Combine(output, family, "seed0", "student-hard", "submission.h5")));
        }
        var comparison = ComparisonResults.FromJson(File.ReadAllText(Path.Combine(output, "comparison.json")));
        Assert.Equal(["conv", "ndt"], comparison.Families.Select(f => f.Architecture));
        Assert.All(comparison.Families, f => Assert.Equal(["smoothing", "baseline", "student-hard", "teacher"], f.Models.Select(m => m.Model)));

        string report = File.ReadAllText(Path.Combine(output, "comparison.md"));
        Assert.Contains("| model | run | co-bps | vel R2 |", report);
        foreach (string row in new[] { "| conv | baseline | ", "| conv | student-hard | ", "| ndt | baseline | ", "| ndt | *teacher (sees behavior)* | " })
            Assert.Contains(row, report);
        Assert.Contains("[ndt/report.md](ndt/report.md)", report);
        // One table over both families: each family's rows, and the progress lines name the family.
        var lines = result.Stdout.Split('\n');
        Assert.Contains(lines, l => l.Contains("│ conv  │ student-hard "));
        Assert.Contains(lines, l => l.Contains("│ ndt   │ student-hard "));
        Assert.Equal(3, result.Stdout.Split('\n').Count(l => l.StartsWith('[') && l.Contains(" ndt ")));
        Assert.Contains($"Report: {Path.Combine(output, "comparison.md")}", result.Stdout);
    }

    [Fact]
    public void ModelListWithSeveralConfigsIsRefused()
    {
        using var temp = new TempFolder();
        string config = temp.File("a.yaml");
        File.WriteAllText(config, "model:\n  architecture: conv\n");
        var result = CliRunner.Run(["run", "--data", BlendExperimentTests.DataFolder.Value, "--out", temp.File("out"),
            "--config", config, "--config", config, "--model", "conv"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--model cannot be combined with several --config files", result.Stderr);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void DataWithoutBehaviorIsRefusedBeforeAnythingIsWritten()
    {
        using var temp = new TempFolder();
        string data = temp.File("nobehavior");
        Directory.CreateDirectory(data);
        var files = TrainingTestData.NlbFiles;
        new NlbTrainInput
        {
            SpikesHeldin = files.TrainInput.SpikesHeldin, SpikesHeldout = files.TrainInput.SpikesHeldout,
            SpikesHeldinForward = files.TrainInput.SpikesHeldinForward, SpikesHeldoutForward = files.TrainInput.SpikesHeldoutForward,
        }.Write(Path.Combine(data, "train_input.h5"));
        files.EvalInput.Write(Path.Combine(data, "eval_input.h5"));
        files.EvalTarget.Write(Path.Combine(data, "eval_target.h5"));

        var result = CliRunner.Run(["run", "--data", data, "--out", temp.File("out"), .. Tiny]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {Path.Combine(data, "train_input.h5")}: no train_behavior: BLEND's teacher learns from behavior, and this dataset has neural activity only (blend train trains a model without it)",
            result.Stderr.Trim());
        Assert.Equal(["nobehavior"], temp.Entries());
    }

    [Theory]
    [InlineData("--strategies", "hard,distill", "--strategies hard,distill: distillation.strategies = hard,distill is out of range: unknown distillation strategy 'distill' in 'distill'")]
    [InlineData("--strategies", "0*hard", "weight '0' is not a positive number")]
    [InlineData("--alpha", "1.5", "--alpha 1.5: distillation.alpha = 1.5 is out of range: must be in [0, 1]")]
    [InlineData("--temperature", "0", "--temperature 0: distillation.temperature = 0 is out of range: must be greater than 0")]
    [InlineData("--seeds", "0", "--seeds 0: experiment.seeds = 0 is out of range: must be in 1..100")]
    [InlineData("--threads", "-1", "--threads -1: training.threads = -1 is out of range")]
    [InlineData("--soft-scaling", "sum", "'sum'")]
    [InlineData("--model", "lstm", "--model: lstm is not known")]
    [InlineData("--model", "conv,conv", "model family conv is listed 2 times")]
    [InlineData("--set", "distillation.gamma=1", "unknown key distillation.gamma")]
    [InlineData("--set", "model.heads=3", "is not divisible by model.heads = 3")]
    public void BadInputExitsWith2AndWritesNothing(string option, string value, string message)
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run(["run", "--data", BlendExperimentTests.DataFolder.Value, "--out", temp.File("out"), .. Tiny,
            "--set", "model.architecture=ndt", option, value]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        if (option != "--soft-scaling") Assert.Single(result.Stderr.TrimEnd().Split('\n')); // (a parse error lists the accepted values)
        Assert.Empty(temp.Entries());
    }

    [Fact]
    public void UsedOutputFolderAndMissingDataAreRefused()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("used"));
        File.WriteAllText(temp.File("used/notes.txt"), "mine");
        var used = CliRunner.Run(["run", "--data", BlendExperimentTests.DataFolder.Value, "--out", temp.File("used"), .. Tiny]);
        Assert.Equal(2, used.ExitCode);
        Assert.Contains("output folder exists and is not empty", used.Stderr);
        Assert.Equal(["notes.txt"], Directory.GetFiles(temp.File("used")).Select(Path.GetFileName));

        var missing = CliRunner.Run(["run", "--data", temp.File("nodata"), "--out", temp.File("out"), .. Tiny]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"error: {temp.File("nodata")}: data folder not found", missing.Stderr.Trim());
    }

    [Fact]
    public void DemoConfigsAreEmbeddedAndValid()
    {
        var files = Directory.GetFiles(Path.Combine(NlbTestFiles.RepoRoot, "configs"), "blend-demo*.yaml");
        Assert.Contains(files, f => Path.GetFileName(f) == "blend-demo.yaml");
        foreach (string file in files)
        {
            string name = Path.GetFileName(file);
            string architecture = name == "blend-demo.yaml" ? "ndt" : name["blend-demo-".Length..^".yaml".Length];
            Assert.Equal(File.ReadAllText(file), Blend.Cli.Commands.DemoCommand.ConfigText(Blend.Cli.Commands.DemoCommand.ConfigResourceFor(architecture)!));
            var config = Blend.Cli.Commands.DemoCommand.LoadConfig(architecture, []);
            Assert.Equal(architecture, config.Training.Architecture);
            Assert.Equal(3, config.Experiment.Seeds);
            Assert.True(config.StrategyList.Count >= 2, name);
            Assert.Equal("hard", config.StrategyList[0].Name);
        }
        DemoDataset.Options.Validate();
        // Configs parse from text; errors name the source given for it.
        var error = Assert.Throws<BlendInputException>(() => ExperimentConfig.Parse("model:\n  layerz: 2\n", "configs/blend-demo.yaml", ["experiment.seeds=2"]));
        Assert.StartsWith("configs/blend-demo.yaml:2: unknown key model.layerz", error.Message);
        Assert.Equal(2, ExperimentConfig.Parse("distillation:\n  alpha: 0.3\n", "text", ["experiment.seeds=2"]).Experiment.Seeds);
    }

    [Fact]
    public void DemoRefusesAFamilyWithoutADemoConfig()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run(["demo", "--out", temp.File("demo"), "--model", "ndt,conv"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--model: no built-in demo config for conv (demo families: ", result.Stderr);
        Assert.Empty(temp.Entries());
    }

    [Fact]
    public void DemoMakesItsDatasetOnceAndRunsTheExperiment()
    {
        using var temp = new TempFolder();
        string demo = temp.File("demo");
        string[] quick = ["demo", "--out", demo, "--set", "training.epochs=2", "--set", "training.val_interval=1", "--set", "experiment.seeds=1", "--threads", "1"];
        var first = CliRunner.Run(quick);
        Assert.True(first.ExitCode == 0, first.Stderr + first.Stdout);
        Assert.Contains("Generating the demo dataset: 450 train + 100 eval trials", first.Stdout);
        Assert.Contains("teacher (sees behavior)", first.Stdout);
        string run = Assert.Single(Directory.GetDirectories(demo, "run-*"));
        Assert.Contains($"Report: {Path.Combine(run, "report.md")}", first.Stdout);
        var results = ExperimentResults.FromJson(File.ReadAllText(Path.Combine(run, "results.json")));
        Assert.Equal(["smoothing", "baseline", "student-hard", "student-soft", ExperimentResults.DistillBestName, "teacher"], results.Models.Select(m => m.Model));
        Assert.Equal("blend demo --out " + demo + " --set training.epochs=2 --set training.val_interval=1 --set experiment.seeds=1 --threads 1", results.CommandLine);

        Thread.Sleep(1100); // a new run folder name (to the second)
        var second = CliRunner.Run(quick);
        Assert.True(second.ExitCode == 0, second.Stderr + second.Stdout);
        Assert.Contains($"Using the demo dataset in {Path.Combine(demo, "data")}", second.Stdout);
        Assert.Equal(2, Directory.GetDirectories(demo, "run-*").Length);

        // A folder with another dataset is not taken for the demo's.
        string other = temp.File("other");
        Directory.CreateDirectory(other);
        Directory.CreateSymbolicLink(Path.Combine(other, "data"), BlendExperimentTests.DataFolder.Value);
        var refused = CliRunner.Run(["demo", "--out", other, "--set", "training.epochs=1"]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("holds a dataset other than this version's demo dataset", refused.Stderr);
    }
}
