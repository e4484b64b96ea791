using System.Text.Json.Nodes;
using Blend.Data;
using Blend.Deployment;
using Blend.Evaluation.Identity;
using Blend.Experiments.Identity;
using Blend.Tests.Cli;
using Blend.Tests.Data;
using Blend.Tests.Training;

namespace Blend.Tests.Deployment;

/// <summary>
/// NeuPRINT bundles: <c>blend identity</c> leaves one per baseline and student; <c>blend predict</c> applies it to a new
/// Bugeon-layout recording (Φ re-fitted with the model frozen, features, cell-type predictions scored against the
/// recording's t-types), and on the training data reproduces the experiment's own Φ exactly.
/// </summary>
[Collection(TorchTrainingCollection.Name)]
public sealed class IdentityPredictTests
{
    private static readonly string[] Tiny =
    [
        "--set", "model.feedforward_dim=16", "--set", "model.embedding_dim=8", "--set", "model.activity_dim=5",
        "--set", "training.steps=20", "--set", "training.steps_per_epoch=10", "--set", "training.refit_steps=20",
        "--set", "training.neurons_per_step=24", "--set", "training.window=16", "--set", "classifier.epochs=20",
        "--set", "classifier.hidden=16", "--seeds", "1", "--threads", "1", "--strategies", "hard", "--classifiers", "knn",
        "--set", "experiment.probes=false",
    ];

    /// <summary>A tiny identity experiment on a SynthBugeon set (shared by the tests; read-only).</summary>
    private static readonly Lazy<(string Data, string Run)> Trained = new(() =>
    {
        string root = Directory.CreateTempSubdirectory("blend-identity-predict-").FullName;
        string data = Path.Combine(root, "bugeon"), run = Path.Combine(root, "run");
        Ok(CliRunner.Run("synth", "bugeon", "--out", data, "--size", "ci"));
        Ok(CliRunner.Run(["identity", "--data", data, "--out", run, .. Tiny]));
        return (data, run);
    });

    private static CliRunner.Result Ok(CliRunner.Result result)
    {
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        return result;
    }

    [Fact]
    public void BaselinesAndStudentsGetABundleAndTheTeacherDoesNot()
    {
        var (_, run) = Trained.Value;
        foreach (string model in new[] { "baseline", "student-hard" })
        {
            var bundle = IdentityBundle.Read(Path.Combine(run, "seed0", model));
            Assert.Equal(model, bundle.Manifest.Model);
            Assert.Equal(8, bundle.Manifest.EmbeddingDim);
            Assert.Equal(16, bundle.Manifest.Training.Window);
            Assert.Equal(["SX01", "SX02", "SX03", "SX04"], bundle.Manifest.Mice);
            Assert.NotNull(bundle.Manifest.ClassClassifier);
            Assert.NotNull(bundle.Manifest.SubclassClassifier);
            Assert.Equal(IdentityTask.Subclass, bundle.Manifest.SubclassClassifier!.Task);
        }
        Assert.Equal("student", IdentityBundle.Read(Path.Combine(run, "seed0", "student-hard")).Manifest.Role);
        Assert.False(Directory.Exists(Path.Combine(run, "seed0", "teacher", "model")));
    }

    [Fact]
    public void OnTheTrainingDataTheRefitReproducesTheExperimentsEmbeddings()
    {
        var (data, run) = Trained.Value;
        using var temp = new TempFolder();
        Ok(CliRunner.Run("predict", "--model", Path.Combine(run, "seed0", "student-hard"), "--data", data, "--out", temp.File("out"), "--threads", "1"));
        var experiment = NpyFile.Read(Path.Combine(run, "seed0", "student-hard", "embeddings.npy"));
        var predicted = NpyFile.Read(temp.File("out/embeddings.npy"));
        Assert.Equal(experiment.Shape, predicted.Shape);
        Assert.Equal(experiment.Values, predicted.Values);
    }

    [Fact]
    public void ANewRecordingGetsEmbeddingsFeaturesAndScoredCellTypes()
    {
        var (_, run) = Trained.Value;
        using var temp = new TempFolder();
        Ok(CliRunner.Run("synth", "bugeon", "--out", temp.File("fresh"), "--size", "ci", "--seed", "7"));
        var result = Ok(CliRunner.Run("predict", "--model", Path.Combine(run, "seed0", "baseline", "model"), "--data", temp.File("fresh"),
            "--out", temp.File("out"), "--threads", "1"));
        Assert.Contains("refit step 20/20", result.Stderr);
        Assert.Contains("balanced accuracy", result.Stdout);

        var summary = JsonNode.Parse(File.ReadAllText(temp.File("out/predict.json")))!;
        int identities = summary["identities"]!.GetValue<int>();
        Assert.Equal([identities, 8], NpyFile.Read(temp.File("out/embeddings.npy")).Shape);
        var features = NpyFile.Read(temp.File("out/features.npy"));
        Assert.Equal([identities, 8 + 5 + 5 + 2], features.Shape); // activity + Φ + population + neighbour channels
        Assert.DoesNotContain(features.Values, double.IsNaN);
        var probabilities = NpyFile.ReadMatrix(temp.File("out/class_probabilities.npy"));
        Assert.Equal(2, probabilities.Cols);
        for (int i = 0; i < probabilities.Rows; i++) Assert.Equal(1, probabilities[i, 0] + probabilities[i, 1], 5);
        Assert.Equal(5, NpyFile.ReadMatrix(temp.File("out/subclass_probabilities.npy")).Cols);

        var csv = File.ReadAllLines(temp.File("out/identities.csv"));
        Assert.Equal(identities + 1, csv.Length);
        Assert.StartsWith("id,mouse,sessions,unique_id,ttype,class,subclass,predicted_class,p_EC,p_IN,predicted_subclass,p_Lamp5", csv[0]);
        var scores = JsonNode.Parse(File.ReadAllText(temp.File("out/scores.json")))!;
        Assert.InRange(scores["class"]!["balanced_accuracy"]!.GetValue<double>(), 0, 1);
        Assert.Equal(identities, scores["class"]!["samples"]!.GetValue<int>());

        // The same bundle and recording give the same Φ.
        Ok(CliRunner.Run("predict", "--model", Path.Combine(run, "seed0", "baseline"), "--data", temp.File("fresh"), "--out", temp.File("again"), "--threads", "1"));
        Assert.Equal(File.ReadAllBytes(temp.File("out/embeddings.npy")), File.ReadAllBytes(temp.File("again/embeddings.npy")));
    }

    [Fact]
    public void BadBundlesAndNlbOptionsAreRefusedWithOneLine()
    {
        var (data, run) = Trained.Value;
        using var temp = new TempFolder();
        string copy = temp.File("bundle");
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(Path.Combine(run, "seed0", "baseline", "model"))) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        string manifest = Path.Combine(copy, BundleManifest.FileName);
        string text = File.ReadAllText(manifest);
        File.WriteAllText(manifest, text.Replace("\"format_version\": 1", "\"format_version\": 9"));
        Refused(CliRunner.Run("predict", "--model", copy, "--data", data, "--out", temp.File("a")), "bundle format version 9 is not supported");
        File.WriteAllText(manifest, text.Replace("\"embedding_dim\": 8,", "\"embedding_dim\": 9,"));
        Refused(CliRunner.Run("predict", "--model", copy, "--data", data, "--out", temp.File("b")), "unusable sizes");
        Refused(CliRunner.Run("predict", "--model", Path.Combine(run, "seed0", "baseline"), "--data", data, "--phase", "test", "--out", temp.File("c")),
            "an identity (NeuPRINT) bundle reads a Bugeon-layout folder");
        Refused(CliRunner.Run("predict", "--model", Path.Combine(run, "seed0", "baseline"), "--data", temp.File("nothing"), "--out", temp.File("d")),
            "dataset folder not found");
        foreach (string output in new[] { "a", "b", "c", "d" }) Assert.False(Directory.Exists(temp.File(output)));
    }

    private static void Refused(CliRunner.Result result, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }
}
