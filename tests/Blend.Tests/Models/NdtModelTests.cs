using Blend.Models;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Blend.Tests.Models;

[Collection(Blend.Tests.Training.TorchTrainingCollection.Name)]
public class NdtModelTests
{
    private static readonly string[] UnusedReferenceBuffers = ["pos_encoder.pe"]; // sinusoidal table, unused with learned positions

    private static double MaskedPoissonLoss(Tensor logRates, Tensor labels)
    {
        var scored = labels.ne(-100);
        var loss = logRates.exp() - labels.to_type(ScalarType.Float32) * logRates;
        return loss.masked_select(scored).mean().item<float>();
    }

    [Fact]
    public void ReproducesTheReferenceStudent()
    {
        using var scope = NewDisposeScope();
        var fixture = NdtReferenceFixture.Load();
        var model = new NdtModel(new NdtOptions(), fixture.Neurons, fixture.Time);
        model.load_py(NdtReferenceFixture.StudentWeights, strict: true, skip: UnusedReferenceBuffers);
        model.eval();
        using var _ = no_grad();
        var output = model.Forward(fixture.Tensor3("masked_input"));
        var expected = fixture.Tensor3("student_lograte");
        double maxError = (output.LogRates - expected).abs().max().item<float>();
        Assert.True(maxError <= 1e-5, $"max |Δ log-rate| = {maxError}");
        Assert.Equal(fixture.Scalar("student_masked_loss"),
            MaskedPoissonLoss(output.LogRates, fixture.Tensor3("labels", ScalarType.Int64)), 5);
        Assert.Equal(4, output.LayerFeatures.Count);
        Assert.Equal([fixture.Batch, fixture.Time, fixture.Neurons], output.LayerFeatures[3].shape);
    }

    [Fact]
    public void ReproducesTheReferenceTeacher()
    {
        using var scope = NewDisposeScope();
        var fixture = NdtReferenceFixture.Load();
        // The reference's teacher: raw behavior, no missing-value channel.
        var parity = new NdtOptions { NormalizeBehavior = false, BehaviorMissingIndicator = false };
        var model = new NdtModel(parity, fixture.Neurons, fixture.Time, fixture.BehaviorDims);
        model.load_py(NdtReferenceFixture.TeacherWeights, strict: true, skip: UnusedReferenceBuffers);
        model.eval();
        using var _ = no_grad();
        var output = model.Forward(fixture.Tensor3("masked_input"), fixture.Tensor3("behavior"));
        double maxError = (output.LogRates - fixture.Tensor3("teacher_lograte")).abs().max().item<float>();
        Assert.True(maxError <= 1e-5, $"max |Δ log-rate| = {maxError}");
        Assert.Equal(fixture.Scalar("teacher_masked_loss"),
            MaskedPoissonLoss(output.LogRates, fixture.Tensor3("labels", ScalarType.Int64)), 5);
        Assert.Equal(fixture.Neurons + fixture.BehaviorDims, output.LayerFeatures[0].shape[2]);
    }

    [Theory]
    [InlineData(182, 0, 789_846)]
    [InlineData(182, 2, 804_406)]
    public void ParameterCountsMatchTheReference(int neurons, int behavior, long expected)
    {
        using var scope = NewDisposeScope();
        var model = new NdtModel(new NdtOptions { BehaviorMissingIndicator = false }, neurons, 180, behavior);
        Assert.Equal(expected, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void AttentionIsBandLimited()
    {
        // Each layer lets bin i see bins i − 8 … i + 4, so after 4 layers an input change at bin 40 reaches outputs at
        // bins 40 − 4·4 … 40 + 4·8 and no others.
        using var scope = NewDisposeScope();
        random.manual_seed(1);
        var model = new NdtModel(new NdtOptions(), 10, 90);
        model.eval();
        using var _ = no_grad();
        var input = rand(1, 90, 10);
        var changed = input.clone();
        changed[0, 40].add_(randn(10)); // not a constant shift, which LayerNorm would remove
        var a = model.Forward(input).LogRates;
        var b = model.Forward(changed).LogRates;
        var change = (a - b).abs().amax([0, 2]);
        Assert.Equal(0, change[TensorIndex.Slice(0, 40 - 4 * 4)].max().item<float>());
        Assert.True(change[40].item<float>() > 1e-3);
        Assert.Equal(0, change[TensorIndex.Slice(40 + 8 * 4 + 1, 90)].max().item<float>());
    }

    [Fact]
    public void ContextMaskIsTheReferenceBand()
    {
        using var scope = NewDisposeScope();
        var mask = NdtModel.ContextMask(12, backward: 8, forward: 4);
        for (int i = 0; i < 12; i++)
            for (int j = 0; j < 12; j++)
                Assert.Equal(i - 8 <= j && j <= i + 4, mask[i, j].item<float>() == 0);
    }

    [Fact]
    public void FixupScalesTheFeedForwardAndOutputProjection()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        var fixup = new NdtModel(new NdtOptions(), 40, 20);
        random.manual_seed(3);
        var plain = new NdtModel(new NdtOptions { FixupInit = false }, 40, 20);
        var scaled = fixup.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        double factor = 0.67 * Math.Pow(4, -0.25);
        foreach (var (name, parameter) in plain.named_parameters())
        {
            bool rescaled = name.EndsWith("linear1.weight") || name.EndsWith("linear2.weight") || name.EndsWith("out_proj.weight");
            var expected = rescaled ? parameter * factor : parameter;
            Assert.True(allclose(scaled[name], expected, rtol: 1e-6, atol: 1e-7), name);
        }
    }

    [Fact]
    public void LayersDifferUnlessTheParitySwitchCopiesThem()
    {
        using var scope = NewDisposeScope();
        var distinct = new NdtModel(new NdtOptions(), 20, 10).named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var copied = new NdtModel(new NdtOptions { IdenticalLayerInit = true }, 20, 10).named_parameters().ToDictionary(p => p.name, p => p.parameter);
        const string first = "transformer_encoder.layers.0.linear1.weight", second = "transformer_encoder.layers.1.linear1.weight";
        Assert.False(distinct[first].allclose(distinct[second], 0, 0));
        Assert.True(copied[first].allclose(copied[second], 0, 0));
    }

    [Fact]
    public void DropoutOnlyActsInTrainingMode()
    {
        using var scope = NewDisposeScope();
        var model = new NdtModel(new NdtOptions(), 12, 16);
        var input = rand(2, 16, 12);
        model.eval();
        using (no_grad())
            Assert.True(model.Forward(input).LogRates.allclose(model.Forward(input).LogRates, 0, 0));
        model.train();
        using (no_grad())
            Assert.False(model.Forward(input).LogRates.allclose(model.Forward(input).LogRates, 0, 0));
    }

    [Fact]
    public void InputSmoothingKernelIsANormalisedGaussianTruncatedAtThreeSigma()
    {
        using var scope = NewDisposeScope();
        var kernel = NdtModel.GaussianKernel(2).view(-1).data<float>().ToArray();
        Assert.Equal(13, kernel.Length); // ±⌈3σ⌉ bins
        Assert.Equal(1, kernel.Sum(), 5);
        double total = Enumerable.Range(-6, 13).Sum(k => Math.Exp(-k * k / 8.0));
        for (int k = -6; k <= 6; k++) Assert.Equal(Math.Exp(-k * k / 8.0) / total, kernel[k + 6], 6);
    }

    [Fact]
    public void TimeSmoothingEqualsAZeroPaddedConv1dForAnyKernel()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        var kernel = rand(1, 1, 5); // asymmetric, so a flipped band would show
        var input = randn(3, 11, 4);
        var rows = input.permute(0, 2, 1).reshape(12, 1, 11);
        var expected = nn.functional.conv1d(rows, kernel, padding: 2).view(3, 4, 11).permute(0, 2, 1);
        Assert.True(NdtModel.SmoothOverTime(input, kernel).allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void InputSmoothingFiltersEachTrialAndNeuronAlongTimeOnly()
    {
        using var scope = NewDisposeScope();
        var kernel = NdtModel.GaussianKernel(1);
        var input = zeros(2, 20, 3);
        input[1, 10, 2] = tensor(1f); // one spike: trial 1, bin 10, neuron 2
        var smoothed = NdtModel.SmoothOverTime(input, kernel);
        Assert.Equal([2, 20, 3], smoothed.shape);
        var weights = kernel.view(-1);
        Assert.True(smoothed[1, TensorIndex.Slice(7, 14), 2].allclose(weights, rtol: 1e-6, atol: 1e-7));
        Assert.Equal(1, smoothed.sum().item<float>(), 5); // nothing lost away from the trial's ends
        Assert.Equal(0, smoothed[0].abs().max().item<float>());
        Assert.Equal(0, smoothed[1, TensorIndex.Colon, TensorIndex.Slice(0, 2)].abs().max().item<float>());
    }

    [Fact]
    public void SmoothingModelEqualsThePlainModelOnPreSmoothedCounts()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(5);
        var smoothing = new NdtModel(new NdtOptions { InputSmoothingBins = 1.5 }, 12, 30);
        random.manual_seed(5);
        var plain = new NdtModel(new NdtOptions(), 12, 30);
        Assert.DoesNotContain(smoothing.state_dict().Keys, k => k.Contains("smoothing")); // not a checkpoint entry
        smoothing.eval(); plain.eval();
        using var _ = no_grad();
        var counts = randint(0, 4, [2, 30, 12]).to_type(ScalarType.Float32);
        var expected = plain.Forward(NdtModel.SmoothOverTime(counts, NdtModel.GaussianKernel(1.5))).LogRates;
        Assert.True(smoothing.Forward(counts).LogRates.allclose(expected, rtol: 1e-5, atol: 1e-6));
        Assert.False(plain.Forward(counts).LogRates.allclose(expected, rtol: 1e-3, atol: 1e-4));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void ReadoutSkipStartsAsThePlainModelAndAddsALinearMapOfTheLogSmoothedCounts(int rank)
    {
        using var scope = NewDisposeScope();
        var options = new NdtOptions { ReadoutSkipBins = 2, ReadoutSkipRank = rank };
        random.manual_seed(8);
        var skip = new NdtModel(options, 12, 30);
        random.manual_seed(8);
        var plain = new NdtModel(new NdtOptions(), 12, 30);
        skip.eval(); plain.eval();
        var counts = randint(0, 4, [2, 30, 12]).to_type(ScalarType.Float32);
        using (no_grad())
        {
            // Zero-initialised and built after every shared module: at the start it is the plain model, weight for weight.
            Assert.True(skip.Forward(counts).LogRates.allclose(plain.Forward(counts).LogRates, rtol: 1e-6, atol: 1e-7));
        }
        var parameters = skip.named_parameters().Where(p => p.name.StartsWith("readout_skip")).ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(rank > 0 ? 3 : 2, parameters.Count);
        if (rank > 0) Assert.Equal([rank, 12], parameters["readout_skip.map.0.weight"].shape);
        // The zero output layer still gets a gradient, so the skip can grow.
        skip.train();
        skip.Forward(counts).LogRates.exp().sum().backward();
        var outputWeight = parameters[rank > 0 ? "readout_skip.map.1.weight" : "readout_skip.map.0.weight"];
        Assert.True(outputWeight.grad!.abs().max().item<float>() > 0);

        using (no_grad())
        {
            foreach (var parameter in parameters.Values) parameter.copy_(randn(parameter.shape) * 0.1);
            skip.eval();
            var smoothed = NdtModel.SmoothOverTime(counts, NdtModel.GaussianKernel(2)).log1p();
            var map = rank > 0
                ? nn.functional.linear(nn.functional.linear(smoothed, parameters["readout_skip.map.0.weight"]), parameters["readout_skip.map.1.weight"], parameters["readout_skip.map.1.bias"])
                : nn.functional.linear(smoothed, parameters["readout_skip.map.0.weight"], parameters["readout_skip.map.0.bias"]);
            var expected = plain.Forward(counts).LogRates + map;
            Assert.True(skip.Forward(counts).LogRates.allclose(expected, rtol: 1e-5, atol: 1e-5));
        }
    }

    [Fact]
    public void UnscaledInputIsTheReferenceModelOnCountsDividedBySqrtWidth()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(6);
        var unscaled = new NdtModel(new NdtOptions { ScaleInput = false }, 16, 20);
        random.manual_seed(6);
        var reference = new NdtModel(new NdtOptions(), 16, 20);
        unscaled.eval(); reference.eval();
        using var _ = no_grad();
        var counts = randint(0, 4, [2, 20, 16]).to_type(ScalarType.Float32);
        var expected = reference.Forward(counts / Math.Sqrt(16)).LogRates;
        Assert.True(unscaled.Forward(counts).LogRates.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }
}
