using Blend.Data;
using Blend.Deployment;
using Blend.Deployment.Onnx;
using Blend.Tests.Cli;
using Blend.Tests.Data;
using Blend.Tests.Training;
using Microsoft.ML.OnnxRuntime;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;

namespace Blend.Tests.Deployment;

/// <summary>
/// <c>blend export</c> and <c>blend import-weights</c> end to end: the ONNX file of a trained NDT answers as
/// <c>blend predict</c> does, the PyTorch state dict round-trips by name into a fresh model, and a state dict imported
/// as a bundle (with the reference's extra buffer) predicts exactly as the bundle it came from.
/// </summary>
[Collection(TorchTrainingCollection.Name)]
public sealed class ExportCommandTests
{
    private static readonly string[] Small =
    [
        "--set", "model.architecture=ndt", "--set", "model.layers=1", "--set", "model.heads=2", "--set", "model.hidden_size=16",
        "--set", "model.input_smoothing_bins=1", "--set", "model.readout_skip_bins=1", "--set", "model.readout_skip_rank=2",
        "--set", "training.epochs=6", "--set", "training.val_interval=3", "--set", "training.batch_size=8", "--set", "training.warmup=2",
        "--set", "training.lr=3e-3", "--set", "training.threads=1", "--set", "training.inference_passes=2",
    ];

    private static readonly Lazy<(string Data, string Run)> Trained = new(() =>
    {
        string root = Directory.CreateTempSubdirectory("blend-export-").FullName;
        string data = Path.Combine(root, "synth"), run = Path.Combine(root, "run");
        Ok(CliRunner.Run("synth", "--out", data, "--train-trials", "24", "--eval-trials", "10", "--conditions", "4", "--heldin", "20",
            "--heldout", "8", "--bins", "30", "--forward-bins", "6", "--seed", "2"));
        Ok(CliRunner.Run(["train", "--data", data, "--out", run, .. Small]));
        return (data, run);
    });

    private static CliRunner.Result Ok(CliRunner.Result result)
    {
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        return result;
    }

    [Fact]
    public void TheOnnxFileAnswersAsBlendPredict()
    {
        var (data, run) = Trained.Value;
        using var temp = new TempFolder();
        var result = Ok(CliRunner.Run("export", "--model", run, "--format", "onnx", "--out", temp.File("student.onnx")));
        Assert.Contains("heldin_counts", result.Stdout);
        Assert.Contains("2 masked passes", result.Stdout);
        Ok(CliRunner.Run("predict", "--model", run, "--data", data, "--out", temp.File("predicted")));

        var eval = DatasetFileSet.Read(data).EvalInput.SpikesHeldin; // 10 × 30 × 20; the 6 forward bins are zeros
        var counts = new float[eval.Trials * 36 * eval.Channels];
        for (int trial = 0; trial < eval.Trials; trial++)
            for (int t = 0; t < 30; t++)
                for (int c = 0; c < eval.Channels; c++) counts[(trial * 36 + t) * eval.Channels + c] = (float)eval[trial, t, c];
        using var session = new InferenceSession(temp.File("student.onnx"));
        Assert.Equal(string.Join(",", Enumerable.Range(0, 28)), session.ModelMetadata.CustomMetadataMap["neuron_columns"]);
        Assert.Equal("5", session.ModelMetadata.CustomMetadataMap["bin_ms"]);
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, new DenseTensor(counts, [eval.Trials, 36, eval.Channels]))]);
        var rates = outputs.Single(o => o.Name == "rates").AsTensor<float>().ToArray();
        var predicted = NpyFile.Read(temp.File("predicted/eval_rates.npy")); // the recording's order = model order here
        Assert.Equal(predicted.Values.Length, rates.Length);
        for (int i = 0; i < rates.Length; i++)
            Assert.True(Math.Abs(rates[i] - predicted.Values[i]) <= 1e-4 * Math.Max(1, predicted.Values[i]), $"rate {i}: {rates[i]} vs {predicted.Values[i]}");
        var behavior = outputs.Single(o => o.Name == "behavior").AsTensor<float>();
        Assert.Equal([10, 36, 2], behavior.Dimensions.ToArray());
    }

    [Fact]
    public void ThePyTorchStateDictRoundTripsByName()
    {
        var (_, run) = Trained.Value;
        using var temp = new TempFolder();
        var result = Ok(CliRunner.Run("export", "--model", run, "--format", "pth", "--out", temp.File("student.pth")));
        Assert.Contains("state dict", result.Stdout);
        var bundle = ModelBundle.Read(run);
        using var original = bundle.CreateModel();
        using var copy = global::Blend.Training.TorchGlobalState.Seeded(99, () => global::Blend.Training.ModelFactory.Create(bundle.Config, bundle.Manifest.Layout));
        copy.load_py(temp.File("student.pth"), strict: true);
        var expected = original.state_dict();
        foreach (var (name, value) in copy.state_dict()) Assert.True(value.eq(expected[name]).all().item<bool>(), name);
    }

    [Fact]
    public void AnImportedStateDictPredictsAsItsBundle()
    {
        var (data, run) = Trained.Value;
        using var temp = new TempFolder();
        // The reference's state dicts also hold an unused sinusoidal table, pos_encoder.pe: add one.
        var bundle = ModelBundle.Read(run);
        using (var model = bundle.CreateModel())
        {
            var state = model.state_dict().ToDictionary(p => p.Key, p => p.Value);
            state["pos_encoder.pe"] = zeros(36, 1, 28);
            using var stream = File.Create(temp.File("reference.pth"));
            PyTorchPickler.PickleStateDict(stream, state);
        }
        var imported = Ok(CliRunner.Run("import-weights", "--weights", temp.File("reference.pth"), "--data", data,
            "--config", Path.Combine(run, "config.yaml"), "--out", temp.File("bundle")));
        Assert.Contains("behavior decoder fitted", imported.Stdout);
        Ok(CliRunner.Run("predict", "--model", temp.File("bundle"), "--data", data, "--out", temp.File("a")));
        Ok(CliRunner.Run("predict", "--model", run, "--data", data, "--out", temp.File("b")));
        Assert.Equal(NpyFile.Read(temp.File("b/eval_rates.npy")).Values, NpyFile.Read(temp.File("a/eval_rates.npy")).Values);
        Assert.Equal(NpyFile.Read(temp.File("b/eval_behavior.npy")).Values, NpyFile.Read(temp.File("a/eval_behavior.npy")).Values);

        // Weights of another model, and a file that is no state dict, are one line each.
        var wrong = CliRunner.Run("import-weights", "--weights", temp.File("reference.pth"), "--data", data, "--config", Path.Combine(run, "config.yaml"),
            "--set", "model.layers=2", "--out", temp.File("c"));
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("not a state dict of this model", wrong.Stderr);
        File.WriteAllText(temp.File("text.pth"), "not a pickle");
        var garbage = CliRunner.Run("import-weights", "--weights", temp.File("text.pth"), "--data", data, "--out", temp.File("d"));
        Assert.Equal(2, garbage.ExitCode);
        Assert.False(Directory.Exists(temp.File("c")) || Directory.Exists(temp.File("d")));
    }

    [Fact]
    public void AFamilyWithoutAWriterIsRefused()
    {
        var (data, _) = Trained.Value;
        using var temp = new TempFolder();
        Ok(CliRunner.Run("train", "--data", data, "--out", temp.File("conv"), "--set", "model.architecture=conv", "--set", "model.layers=1",
            "--set", "model.hidden_size=8", "--set", "training.epochs=2", "--set", "training.val_interval=1", "--set", "training.threads=1"));
        var result = CliRunner.Run("export", "--model", temp.File("conv"), "--format", "onnx", "--out", temp.File("conv.onnx"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no writer for TemporalConvModel", result.Stderr);
        Assert.False(File.Exists(temp.File("conv.onnx")));
    }
}
