using System.Text.Json;
using Blend.Data;
using Blend.Experiments.Identity;
using Blend.Tests.Data;
using Blend.Tests.Training;
using Blend.Evaluation.Identity;
using Blend.Evaluation.Results;

namespace Blend.Tests.Cli;

/// <summary><c>blend identity</c> end to end on a tiny SynthBugeon set, and its input errors.</summary>
[Collection(TorchTrainingCollection.Name)]
public class IdentityCommandTests
{
    private static readonly string[] Tiny =
    [
        "--set", "model.feedforward_dim=16", "--set", "model.embedding_dim=8", "--set", "model.activity_dim=5",
        "--set", "training.steps=20", "--set", "training.steps_per_epoch=10", "--set", "training.refit_steps=20",
        "--set", "training.neurons_per_step=24", "--set", "training.window=16", "--set", "classifier.epochs=20",
        "--set", "classifier.hidden=16", "--seeds", "1", "--threads", "1",
    ];

    private static readonly string[] Models = ["--strategies", "hard,feature", "--classifiers", "knn,linear,mlp", "--set", "experiment.primary_classifier=linear"];

    [Fact]
    public void RunsBaselineTeacherStudentsAndProbesAndWritesEverything()
    {
        using var temp = new TempFolder();
        string data = temp.File("bugeon"), output = temp.File("run");
        Assert.Equal(0, CliRunner.Run("synth", "bugeon", "--out", data, "--size", "ci").ExitCode);
        var result = CliRunner.Run(["identity", "--data", data, "--out", output, .. Tiny, .. Models]);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        foreach (string text in new[] { "baseline", "teacher", "student-hard", "student-feature", "probe-A (behaviour)", "probe-B (neural)", "Majority-class baseline", "refit step 20/20" })
            Assert.Contains(text, result.Stdout);

        var results = IdentityResults.FromJson(File.ReadAllText(Path.Combine(output, IdentityExperiment.ResultsFile)));
        Assert.Equal(["baseline", "teacher", "student-hard", "student-feature", "probe-A (behaviour)", "probe-B (neural)"], results.Models.Select(m => m.Name));
        Assert.Equal(["SX01", "SX02", "SX03", "SX04"], results.Data.Mice);
        var teacher = results.Model("teacher");
        Assert.Single(teacher.Training);
        foreach (string classifier in new[] { "knn", "linear", "mlp" })
        {
            var subclass = teacher.Classification.Get(Blend.Evaluation.Identity.IdentityTask.Subclass, classifier);
            Assert.InRange(subclass.BalancedAccuracy.Mean, 0, 1);
            Assert.Equal(results.Data.SubclassCounts.Values.Sum(), subclass.Truth.Count); // every labelled identity tested once
        }
        var embeddings = NpyFile.Read(Path.Combine(output, teacher.Training[0].Embeddings));
        Assert.Equal([results.Data.Identities, 8], embeddings.Shape);
        Assert.True(File.Exists(Path.Combine(output, IdentityExperiment.ConfigFile)));
        Assert.Equal(results.Data.Identities + 1, File.ReadAllLines(Path.Combine(output, IdentityExperiment.IdentitiesFile)).Length);
        string report = File.ReadAllText(Path.Combine(output, IdentityExperiment.ReportFile));
        Assert.Contains("| student-hard | linear |", report);
        Assert.Contains("figures/confusion-subclass.png", report);
        Assert.True(new FileInfo(Path.Combine(output, "figures", "confusion-subclass.png")).Length > 1000);
        Assert.True(File.Exists(Path.Combine(output, "figures", "confusion-class.png")));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, IdentityExperiment.ResultsFile)));
        Assert.Equal("shared", json.RootElement.GetProperty("protocol").GetString());
    }

    [Fact]
    public void PerFoldProtocolTrainsWithoutEachHeldOutMouse()
    {
        using var temp = new TempFolder();
        string data = temp.File("bugeon"), output = temp.File("run");
        Assert.Equal(0, CliRunner.Run("synth", "bugeon", "--out", data, "--size", "ci").ExitCode);
        var result = CliRunner.Run(["identity", "--data", data, "--out", output, .. Tiny, "--strategies", "none", "--classifiers", "knn",
            "--protocol", "per_fold", "--set", "experiment.probes=false"]);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        var results = IdentityResults.FromJson(File.ReadAllText(Path.Combine(output, IdentityExperiment.ResultsFile)));
        Assert.Equal(DynamicsProtocol.PerFold, results.Protocol);
        Assert.Equal(["baseline", "teacher"], results.Models.Select(m => m.Name));
        var baseline = results.Model("baseline");
        Assert.Equal(["SX01", "SX02", "SX03", "SX04"], baseline.Training.Select(r => r.HeldOutMouse));
        Assert.All(baseline.Training, r => Assert.True(File.Exists(Path.Combine(output, r.Embeddings)), r.Embeddings));
        Assert.Contains("without SX03", result.Stdout);
    }

    [Fact]
    public void BadInputExitsTwoAndWritesNothing()
    {
        using var temp = new TempFolder();
        string output = temp.File("run");
        var missing = CliRunner.Run(["identity", "--data", temp.File("nowhere"), "--out", output, .. Tiny]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nowhere", missing.Stderr);
        Assert.False(Directory.Exists(output));

        string data = temp.File("bugeon");
        Assert.Equal(0, CliRunner.Run("synth", "bugeon", "--out", data, "--size", "ci").ExitCode);
        File.Delete(Path.Combine(data, "SX02", Directory.GetDirectories(Path.Combine(data, "SX02")).Select(Path.GetFileName).First()!, "Blank", "01", "frame.states.npy"));
        var broken = CliRunner.Run(["identity", "--data", data, "--out", output, .. Tiny]);
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("frame.states.npy", broken.Stderr);
        Assert.False(Directory.Exists(output));

        var badKey = CliRunner.Run(["identity", "--data", data, "--out", output, "--set", "training.stepz=1"]);
        Assert.Equal(2, badKey.ExitCode);
        Assert.Contains("unknown key training.stepz", badKey.Stderr);
    }
}
