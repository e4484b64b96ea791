using Blend.Deployment;
using Blend.Deployment.Onnx;
using Blend.Models;
using Blend.Training;
using Microsoft.ML.OnnxRuntime;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;
using static TorchSharp.torch;
using Blend.Data;

namespace Blend.Tests.Deployment;

/// <summary>
/// Exported ONNX graphs run in ONNX Runtime and answer as the TorchSharp model does: log-rates within 1e-4 (float32
/// kernels differ in summation order), latents and decoded behavior likewise, for every family, at the trained window
/// and, where the time axis is dynamic, shorter trials.
/// </summary>
public sealed class OnnxExportTests
{
    private static readonly TrialLayout Layout = new(HeldinNeurons: 10, HeldoutNeurons: 4, MainBins: 20, ForwardBins: 5, BehaviorDims: 0);

    /// <summary>B × (T + F) × N model input: held-in counts in the main bins, zeros elsewhere.</summary>
    private static Tensor Input(int batch, int bins, int seed)
    {
        var generator = new Generator((ulong)seed);
        var counts = poisson(full(batch, bins, Layout.HeldinNeurons, 1.5f), generator: generator);
        var input = zeros(batch, bins, Layout.Neurons);
        input[.., TensorIndex.Slice(0, Math.Min(bins, Layout.MainBins)), TensorIndex.Slice(0, Layout.HeldinNeurons)] =
            counts[.., TensorIndex.Slice(0, Math.Min(bins, Layout.MainBins)), ..];
        return input;
    }

    /// <summary>Runs the graph on the held-in channels of <paramref name="input"/>; returns every output by name.</summary>
    private static Dictionary<string, Tensor> Run(byte[] model, Tensor input)
    {
        using var session = new InferenceSession(model);
        var heldin = input[.., .., TensorIndex.Slice(0, Layout.HeldinNeurons)].contiguous();
        var values = heldin.data<float>().ToArray();
        var dims = heldin.shape.Select(d => (int)d).ToArray();
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, new DenseTensor(values, dims))]);
        return results.ToDictionary(r => r.Name, r =>
        {
            var t = r.AsTensor<float>();
            return tensor(t.ToArray(), t.Dimensions.ToArray().Select(d => (long)d).ToArray());
        });
    }

    private static void Close(Tensor expected, Tensor actual, double tolerance, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        double difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= tolerance, $"{what}: max |ONNX − TorchSharp| = {difference}");
    }

    private static NdtModel Ndt(NdtOptions options)
    {
        manual_seed(5);
        var model = new NdtModel(options, Layout.Neurons, Layout.Bins);
        // Non-zero skip weights (they start at zero), so the skip path is checked too.
        using (no_grad())
            foreach (var (name, parameter) in model.named_parameters().Where(p => p.name.StartsWith("readout_skip")))
                parameter.copy_(randn(parameter.shape) * 0.3);
        model.eval();
        return model;
    }

    public static TheoryData<string> NdtVariants => ["plain", "smoothed", "full-context"];

    [Theory]
    [MemberData(nameof(NdtVariants))]
    public void NdtLogRatesLatentsAndBehaviorMatchTorchSharp(string variant)
    {
        var options = new NdtOptions { Layers = 2, Heads = 2, HiddenSize = 16, ContextBackward = 3, ContextForward = 2 } with
        {
            InputSmoothingBins = variant == "smoothed" ? 1.5 : 0,
            ReadoutSkipBins = variant == "smoothed" ? 2 : 0,
            ReadoutSkipRank = variant == "smoothed" ? 3 : 0,
            FullContext = variant == "full-context",
            LinearEmbedder = variant == "full-context",
        };
        using var model = Ndt(options);
        var decoder = new BehaviorDecoder
        {
            Alpha = 0.01, Features = Layout.Neurons, Outputs = 2, TrainingRows = 1, CrossValidatedR2 = 0,
            Coefficients = [.. Enumerable.Range(0, Layout.Neurons * 2).Select(i => Math.Sin(i) * 0.5)], Intercepts = [0.3, -0.2],
        };
        var onnx = OnnxExport.Build(model, new OnnxExportOptions { Layout = Layout, Decoder = decoder });
        using var noGrad = no_grad();
        foreach (int bins in new[] { Layout.Bins, 12 })
        {
            var input = Input(3, bins, seed: bins);
            var outputs = Run(onnx, input);
            var expected = model.Forward(input);
            Close(expected.LogRates, outputs["log_rates"], 1e-4, $"{variant}, {bins} bins: log-rates");
            Close(expected.LogRates.exp(), outputs["rates"], 1e-4 * expected.LogRates.exp().max().item<float>(), $"{variant}: rates");
            Close(model.PredictLatents(input, null)[0].Value, outputs["features"], 1e-4, $"{variant}: features");
            var behavior = decoder.Predict(new Blend.Data.Array3(3, bins, Layout.Neurons, [.. expected.LogRates.exp().to_type(ScalarType.Float64).data<double>()]));
            Close(tensor(behavior.Values.Select(v => (float)v).ToArray(), [3, bins, 2]), outputs["behavior"], 1e-3, $"{variant}: behavior");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StndtLogRatesAndLatentsMatchTorchSharp(bool smoothed)
    {
        manual_seed(6);
        var transformer = new NdtOptions
        {
            Layers = 2, Heads = 2, HiddenSize = 16, ContextBackward = 4, ContextForward = 3,
            InputSmoothingBins = smoothed ? 1 : 0, ReadoutSkipBins = smoothed ? 1.5 : 0, ReadoutSkipRank = smoothed ? 2 : 0,
        };
        using var model = new StndtModel(transformer, new StndtOptions { SpatialHeads = 5 }, Layout);
        using (no_grad())
            foreach (var (_, parameter) in model.named_parameters().Where(p => p.name.StartsWith("readout_skip")))
                parameter.copy_(randn(parameter.shape) * 0.3);
        model.eval();
        var onnx = OnnxExport.Build(model, new OnnxExportOptions { Layout = Layout, InferencePasses = smoothed ? 2 : 1 });
        using var noGrad = no_grad();
        var input = Input(3, Layout.Bins, seed: 4);
        var outputs = Run(onnx, input);
        var expected = smoothed
            ? tensor(RatePrediction.Predict(model, Layout, input, null, 3, maskedPasses: 2).Values.Select(v => (float)Math.Log(v)).ToArray(), [3, Layout.Bins, Layout.Neurons])
            : model.Forward(input).LogRates;
        Close(expected, outputs["log_rates"], 1e-4, $"STNDT{(smoothed ? " (smoothed, 2 passes)" : "")}: log-rates");
        Close(model.PredictLatents(input, null)[0].Value, outputs["features"], 1e-4, "STNDT: features");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LfadsPosteriorMeanPassMatchesTorchSharp(bool controller)
    {
        manual_seed(7);
        var options = new LfadsOptions { IcEncDim = 8, CiEncDim = controller ? 6 : 0, ConDim = controller ? 6 : 0, CoDim = controller ? 2 : 0, IcDim = 5, GenDim = 10, FacDim = 4, CiLag = 2, CellClip = 0.7 };
        using var model = new LfadsModel(options, new NdtOptions(), Layout);
        // Non-zero initial states, so the learned h0 / c0 paths are checked too.
        using (no_grad())
            foreach (var (_, parameter) in model.named_parameters().Where(p => p.name.EndsWith("h0")))
                parameter.copy_(randn(parameter.shape) * 0.5);
        model.eval();
        var onnx = OnnxExport.Build(model, new OnnxExportOptions { Layout = Layout });
        using var noGrad = no_grad();
        var input = Input(3, Layout.Bins, seed: 2);
        var outputs = Run(onnx, input);
        Close(model.PredictLogRates(input, null), outputs["log_rates"], 1e-4, $"LFADS{(controller ? "" : " without controller")}: log-rates");
        var latents = model.PredictLatents(input, null);
        Assert.Equal(latents.Select(l => l.Name).Order(), outputs.Keys.Where(k => k is "factors" or "generator_states" or "inferred_inputs").Order());
        foreach (var latent in latents) Close(latent.Value, outputs[latent.Name], 1e-4, $"LFADS: {latent.Name}");
    }

    [Fact]
    public void MaskedPassInferenceMatchesRatePrediction()
    {
        using var model = Ndt(new NdtOptions { Layers = 1, Heads = 2, HiddenSize = 16, InputSmoothingBins = 1, ReadoutSkipBins = 1, ReadoutSkipRank = 2 });
        var onnx = OnnxExport.Build(model, new OnnxExportOptions { Layout = Layout, InferencePasses = 3 });
        var input = Input(4, Layout.Bins, seed: 9);
        var rates = RatePrediction.Predict(model, Layout, input, null, batchSize: 4, maskedPasses: 3);
        var outputs = Run(onnx, input);
        var expected = tensor(rates.Values.Select(v => (float)v).ToArray(), [4, Layout.Bins, Layout.Neurons]);
        Close(expected.log(), outputs["log_rates"], 1e-4, "3 masked passes");
    }

    [Fact]
    public void TeachersAndUnknownFamiliesAreRefused()
    {
        using var teacher = new NdtModel(new NdtOptions { Layers = 1, Heads = 1 }, Layout.Neurons, Layout.Bins, behaviorDims: 2);
        var error = Assert.Throws<BlendInputException>(() => OnnxExport.Build(teacher, new OnnxExportOptions { Layout = Layout }));
        Assert.Contains("a teacher", error.Message);
        using var conv = new TemporalConvModel(new NdtOptions { Layers = 1, HiddenSize = 8 }, Layout.Neurons, Layout.Bins);
        Assert.Contains("no writer", Assert.Throws<BlendInputException>(() => OnnxExport.Build(conv, new OnnxExportOptions { Layout = Layout })).Message);
    }
}
