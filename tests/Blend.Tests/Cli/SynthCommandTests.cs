using System.Text.Json;
using Blend.Data;
using Blend.Data.Synthetic;
using Blend.Reporting;
using Blend.Tests.Data;

namespace Blend.Tests.Cli;

public class SynthCommandTests
{
    private static readonly string[] SmallArgs =
        ["--train-trials", "40", "--eval-trials", "12", "--conditions", "4", "--heldin", "20", "--heldout", "8", "--bins", "30", "--forward-bins", "6"];

    [Fact]
    public void TheDemoPresetGivesTheDemoShapeAndGivenOptionsOverrideIt()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("synth", "--preset", "demo", "--seed", "7", "--train-trials", "30", "--out", temp.File("demo7"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var manifest = DatasetManifest.Read(temp.File("demo7"));
        var demo = Blend.Experiments.DemoDataset.Options;
        Assert.Equal(("blend_demo", demo.HeldinNeurons, demo.HeldoutNeurons, demo.MainBins, demo.ForwardBins, demo.BinMs, 7),
            (manifest.Name, manifest.HeldinNeurons.Length, manifest.HeldoutNeurons.Length, manifest.WindowBins, manifest.ForwardBins, manifest.BinMs, manifest.Seed));
        var files = DatasetFileSet.Read(temp.File("demo7"));
        Assert.Equal(30, files.TrainInput.SpikesHeldin.Trials);
        Assert.Equal(demo.EvalTrials, files.EvalInput.SpikesHeldin.Trials);
    }

    [Fact]
    public void WritesAScorableFileSetWhoseTrueRatesGiveTheCeiling()
    {
        using var temp = new TempFolder();
        string folder = temp.File("synth");
        var result = CliRunner.Run(["synth", "--out", folder, "--seed", "7", .. SmallArgs]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("co-bps", result.Stdout);
        Assert.Equal(
            [DatasetManifest.FileName, SyntheticDatasetWriter.EvalInputFile, SyntheticDatasetWriter.EvalTargetFile, SyntheticDatasetWriter.GroundTruthFile,
             SyntheticDatasetWriter.SummaryFile, SyntheticDatasetWriter.TrainInputFile, SyntheticDatasetWriter.TrueRatesFile],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order());

        // The files read back through the NLB readers, and `blend evaluate` on the true rates gives the summary's ceiling.
        var set = DatasetFileSet.Read(folder);
        Assert.Equal([40, 30, 20], set.TrainInput.SpikesHeldin.Shape);
        Assert.Equal("synth_lorenz", set.Manifest.Name);
        Assert.Equal("lorenz", set.Manifest.Generator!["generator"]!.GetValue<string>());
        Assert.Equal(SyntheticDatasetWriter.GroundTruthFile, set.Manifest.GroundTruthFile);
        string json = temp.File("ceiling.json");
        var evaluate = CliRunner.Run("evaluate", "--target", Path.Combine(folder, SyntheticDatasetWriter.EvalTargetFile),
            "--submission", Path.Combine(folder, SyntheticDatasetWriter.TrueRatesFile), "--json", json);
        Assert.True(evaluate.ExitCode == 0, evaluate.Stderr);
        var scores = Assert.Single(EvaluationJson.Parse(File.ReadAllText(json)));
        Assert.Equal("synth_lorenz_split", scores.Split);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, SyntheticDatasetWriter.SummaryFile)));
        var ceiling = summary.RootElement.GetProperty("ceiling");
        foreach (var (metric, value) in scores.Metrics)
            Assert.Equal(ceiling.GetProperty(metric).GetDouble(), value, 6); // float32 files vs in-memory doubles
    }

    [Fact]
    public void SameSeedWritesIdenticalTensors()
    {
        using var temp = new TempFolder();
        CliRunner.Run(["synth", "--out", temp.File("a"), "--generator", "rnn", .. SmallArgs]);
        CliRunner.Run(["synth", "--out", temp.File("b"), "--generator", "rnn", .. SmallArgs]);
        var a = NlbTrainInput.Read(Path.Combine(temp.File("a"), SyntheticDatasetWriter.TrainInputFile));
        var b = NlbTrainInput.Read(Path.Combine(temp.File("b"), SyntheticDatasetWriter.TrainInputFile));
        Assert.Equal(a.SpikesHeldin.Values, b.SpikesHeldin.Values);
        Assert.Equal(a.Behavior!.Values, b.Behavior!.Values);
    }

    [Fact]
    public void BadOptionsExitWith2AndWriteNothing()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run(["synth", "--out", temp.File("x"), "--heldout", "0"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--heldout", result.Stderr);
        Assert.Empty(temp.Entries());

        var unknown = CliRunner.Run(["synth", "--out", temp.File("x"), "--generator", "vdp"]);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Empty(temp.Entries());
    }

    [Fact]
    public void ExistingNonEmptyOutputFolderIsRefused()
    {
        using var temp = new TempFolder();
        string folder = temp.File("used");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");
        var result = CliRunner.Run(["synth", "--out", folder, .. SmallArgs]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not empty", result.Stderr);
        Assert.Equal(["notes.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }
}
