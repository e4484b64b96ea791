using Blend.Deployment.Streaming;
using Blend.Models;
using Blend.Training;
using static TorchSharp.torch;
using Blend.Data;

namespace Blend.Tests.Deployment;

/// <summary>
/// Streaming equals the batch causal forward: bin by bin, a causal NDT's and a causal LFADS's answers match
/// <c>Forward</c> on the window the answering one started at (1e-5 on log-rates and latents), across the staggered
/// windows' restarts; and non-causal models are refused.
/// </summary>
public sealed class BinStreamTests
{
    private static readonly TrialLayout Layout = new(HeldinNeurons: 12, HeldoutNeurons: 4, MainBins: 16, ForwardBins: 4, BehaviorDims: 0);

    /// <summary>A stream of held-in counts, bins × held-in.</summary>
    private static float[,] Counts(int bins, int seed)
    {
        var random = new Random(seed);
        var counts = new float[bins, Layout.HeldinNeurons];
        for (int t = 0; t < bins; t++)
            for (int n = 0; n < Layout.HeldinNeurons; n++) counts[t, n] = random.Next(0, 4);
        return counts;
    }

    /// <summary>The batch forward of the window of <paramref name="length"/> stream bins from <paramref name="start"/> (1 × T × N, held-out zeros).</summary>
    private static (Tensor LogRates, IReadOnlyList<NamedLatent> Latents) Batch(NeuralDynamicsModel model, float[,] counts, int start, int length, int bins)
    {
        var input = zeros(1, bins, Layout.Neurons);
        for (int t = 0; t < length; t++)
            for (int n = 0; n < Layout.HeldinNeurons; n++) input[0, t, n] = counts[start + t, n];
        return (model.Forward(input).LogRates, model.PredictLatents(input, null));
    }

    private static void Matches(BinStream stream, NeuralDynamicsModel model, float[,] counts, int batchBins)
    {
        int window = stream.WindowBins, stagger = window / 2, total = counts.GetLength(0);
        using var noGrad = no_grad();
        for (int bin = 0; bin < total; bin++)
        {
            var row = Enumerable.Range(0, Layout.HeldinNeurons).Select(n => counts[bin, n]).ToArray();
            var answer = stream.Push(row);
            Assert.Equal(bin, answer.Bin);
            // Which window answers: the first one within its first window, then the one that has read more.
            int start = bin < window ? 0 : (bin % window) >= ((bin - stagger) % window) ? bin - bin % window : bin - (bin - stagger) % window;
            var (logRates, latents) = Batch(model, counts, start, Math.Min(window, total - start), batchBins);
            int position = bin - start;
            for (int n = 0; n < Layout.Neurons; n++)
                Assert.True(Math.Abs(logRates[0, position, n].item<float>() - answer.LogRates[n]) <= 1e-5,
                    $"bin {bin} (window from {start}), neuron {n}: {logRates[0, position, n].item<float>()} vs {answer.LogRates[n]}");
            for (int k = 0; k < latents.Count; k++)
            {
                Assert.Equal(latents[k].Name, answer.Latents[k].Name);
                var expected = latents[k].Value[0, position];
                for (int d = 0; d < answer.Latents[k].Values.Length; d++)
                    Assert.True(Math.Abs(expected[d].item<float>() - answer.Latents[k].Values[d]) <= 1e-5 * Math.Max(1, Math.Abs(expected[d].item<float>())),
                        $"bin {bin}: {latents[k].Name}[{d}]");
            }
            Assert.Equal(MathF.Exp(answer.LogRates[0]), answer.Rates[0]);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ACausalNdtStreamsItsBatchForward(bool smoothed)
    {
        manual_seed(3);
        var options = new NdtOptions
        {
            Causal = true, Layers = 2, Heads = 2, HiddenSize = 16, ContextBackward = 5, ContextForward = 0, LinearEmbedder = smoothed,
            InputSmoothingBins = smoothed ? 1.5 : 0, ReadoutSkipBins = smoothed ? 1 : 0, ReadoutSkipRank = smoothed ? 3 : 0,
        };
        using var model = new NdtModel(options, Layout.Neurons, Layout.Bins);
        using (no_grad())
            foreach (var (_, parameter) in model.named_parameters().Where(p => p.name.StartsWith("readout_skip")))
                parameter.copy_(randn(parameter.shape) * 0.3);
        model.eval();
        var stream = BinStream.For(model, Layout);
        Assert.Equal(Layout.MainBins, stream.WindowBins);
        Matches(stream, model, Counts(3 * Layout.MainBins + 5, seed: 1), Layout.MainBins);
        stream.Reset();
        Assert.Equal(0, stream.Bins);
        Matches(stream, model, Counts(Layout.MainBins + 3, seed: 2), Layout.MainBins);
    }

    [Fact]
    public void ACausalLfadsStreamsItsBatchForward()
    {
        manual_seed(4);
        var options = new LfadsOptions { Causal = true, IcEncDim = 6, CiEncDim = 7, ConDim = 6, CoDim = 2, IcDim = 5, GenDim = 9, FacDim = 4, CiLag = 1, CellClip = 0.8 };
        using var model = new LfadsModel(options, new NdtOptions(), Layout);
        using (no_grad())
        {
            foreach (var (_, parameter) in model.named_parameters().Where(p => p.name.EndsWith("h0") || p.name == "ic_prior.mean"))
                parameter.copy_(randn(parameter.shape) * 0.5);
        }
        model.eval();
        var stream = BinStream.For(model, Layout);
        Assert.Equal(["factors", "generator_states", "inferred_inputs"], stream.Latents.Select(l => l.Name));
        Matches(stream, model, Counts(2 * Layout.MainBins + 7, seed: 3), Layout.Bins);
    }

    [Fact]
    public void NonCausalModelsAndBadBinsAreRefused()
    {
        using var acausal = new NdtModel(new NdtOptions { Layers = 1, Heads = 1, ContextForward = 2 }, Layout.Neurons, Layout.Bins);
        Assert.Contains("causal NDT", Assert.Throws<BlendInputException>(() => BinStream.For(acausal, Layout)).Message);
        using var lfads = new LfadsModel(new LfadsOptions { IcEncDim = 4, CiEncDim = 4, ConDim = 4, CoDim = 1, IcDim = 3, GenDim = 4, FacDim = 2 }, new NdtOptions(), Layout);
        Assert.Contains("lfads.causal", Assert.Throws<BlendInputException>(() => BinStream.For(lfads, Layout)).Message);
        using var stndt = new StndtModel(new NdtOptions { Layers = 1, Heads = 2 }, new StndtOptions(), Layout);
        Assert.Contains("no causal form", Assert.Throws<BlendInputException>(() => BinStream.For(stndt, Layout)).Message);

        using var causal = new NdtModel(new NdtOptions { Causal = true, Layers = 1, Heads = 1, ContextForward = 0 }, Layout.Neurons, Layout.Bins);
        var stream = BinStream.For(causal, Layout);
        Assert.Contains("12 held-in", Assert.Throws<BlendInputException>(() => stream.Push(new float[11])).Message);
        var bad = new float[12];
        bad[3] = -1;
        Assert.Contains("finite and ≥ 0", Assert.Throws<BlendInputException>(() => stream.Push(bad)).Message);
    }
}
