using Blend.Training;
using TorchSharp;
using static TorchSharp.torch;
using Blend.Data;
using Blend.Models;

namespace Blend.Tests.Training;

public class MaskerTests
{
    // 6 held-in + 3 held-out neurons, 10 main + 4 forward bins.
    private static readonly TrialLayout Layout = new(6, 3, 10, 4, 0);

    /// <summary>Spikes 1 + 3·((b·7 + t·3 + n) mod 5): all ≥ 1, so a zeroed input is visible.</summary>
    private static Tensor Spikes(int batch, TrialLayout? layout = null)
    {
        layout ??= Layout;
        var values = new float[batch * layout.Bins * layout.Neurons];
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < layout.Bins; t++)
                for (int n = 0; n < layout.Neurons; n++)
                    values[(b * layout.Bins + t) * layout.Neurons + n] = 1 + 3 * ((b * 7 + t * 3 + n) % 5);
        return tensor(values, [batch, layout.Bins, layout.Neurons]);
    }

    private static float[,,] ToArray(Tensor t)
    {
        var flat = t.data<float>().ToArray();
        var result = new float[t.shape[0], t.shape[1], t.shape[2]];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }

    private static (float[,,] Spikes, float[,,] Input, float[,,] Labels) MaskOnce(MaskingOptions options, int batch = 40, int seed = 1, int width = 1)
    {
        using var scope = NewDisposeScope();
        var spikes = Spikes(batch);
        using var generator = new Generator((ulong)seed, CPU);
        var (input, labels) = new Masker(options, Layout).Mask(spikes, width, generator);
        return (ToArray(spikes), ToArray(input), ToArray(labels));
    }

    [Fact]
    public void HeldoutNeuronsAndForwardBinsAreAlwaysPredictedFromZeroInput()
    {
        var (spikes, input, labels) = MaskOnce(new MaskingOptions());
        for (int b = 0; b < 40; b++)
            for (int t = 0; t < Layout.Bins; t++)
                for (int n = 0; n < Layout.Neurons; n++)
                {
                    bool heldinMain = t < Layout.MainBins && n < Layout.HeldinNeurons;
                    if (heldinMain) continue;
                    Assert.Equal(0f, input[b, t, n]);
                    Assert.Equal(spikes[b, t, n], labels[b, t, n]);
                }
    }

    [Fact]
    public void FullModeMasksEntriesIndependentlyAtTheRatio()
    {
        var (spikes, input, labels) = MaskOnce(new MaskingOptions { Mode = MaskMode.Full, Ratio = 0.3 }, batch: 400);
        int masked = 0, entries = 0, partialSteps = 0;
        for (int b = 0; b < 400; b++)
            for (int t = 0; t < Layout.MainBins; t++)
            {
                int inStep = 0;
                for (int n = 0; n < Layout.HeldinNeurons; n++)
                {
                    entries++;
                    bool isMasked = labels[b, t, n] != Masker.Unscored;
                    if (!isMasked) continue;
                    inStep++;
                    Assert.Equal(spikes[b, t, n], labels[b, t, n]);
                    Assert.Equal(0f, input[b, t, n]); // token ratio 1: every masked entry zeroed
                }
                masked += inStep;
                if (inStep > 0 && inStep < Layout.HeldinNeurons) partialSteps++;
            }
        // Binomial(24000, 0.3): ±4σ ≈ ±0.012.
        Assert.InRange(masked / (double)entries, 0.288, 0.312);
        // Unlike timestep mode, a time step is usually only partly masked.
        Assert.True(partialSteps > 0.5 * 400 * Layout.MainBins, $"{partialSteps} partly masked steps");
    }

    [Fact]
    public void WholeTimeStepsAreMaskedAtTheRatio_LabelsOnlyThere_TokenRatioOneZeroesThem()
    {
        var (spikes, input, labels) = MaskOnce(new MaskingOptions(), batch: 400);
        int masked = 0;
        for (int b = 0; b < 400; b++)
            for (int t = 0; t < Layout.MainBins; t++)
            {
                bool stepMasked = labels[b, t, 0] != Masker.Unscored;
                if (stepMasked) masked++;
                for (int n = 0; n < Layout.HeldinNeurons; n++)
                {
                    Assert.Equal(stepMasked, labels[b, t, n] != Masker.Unscored); // the whole step, every held-in neuron
                    Assert.Equal(stepMasked ? spikes[b, t, n] : Masker.Unscored, labels[b, t, n]);
                    Assert.Equal(stepMasked ? 0f : spikes[b, t, n], input[b, t, n]);
                }
            }
        Assert.InRange(masked / (400.0 * Layout.MainBins), 0.23, 0.27);
    }

    [Fact]
    public void NotZeroedMaskedEntriesGetRandomCountsBelowTheBatchMaximumOrStayAsTheyAre()
    {
        // Token ratio 0: nothing zeroed. Random ratio 1: every masked entry is redrawn in [0, max) = [0, 13).
        var (spikes, input, labels) = MaskOnce(new MaskingOptions { TokenRatio = 0, RandomRatio = 1 }, batch: 100);
        var drawn = new HashSet<float>();
        for (int b = 0; b < 100; b++)
            for (int t = 0; t < Layout.MainBins; t++)
                for (int n = 0; n < Layout.HeldinNeurons; n++)
                {
                    if (labels[b, t, n] == Masker.Unscored) { Assert.Equal(spikes[b, t, n], input[b, t, n]); continue; }
                    Assert.Equal(Math.Floor(input[b, t, n]), input[b, t, n]);
                    Assert.InRange(input[b, t, n], 0, 12);
                    drawn.Add(input[b, t, n]);
                }
        Assert.Equal(13, drawn.Count);

        // Random ratio 0: masked entries keep their counts (only the labels change).
        var (spikes2, input2, labels2) = MaskOnce(new MaskingOptions { TokenRatio = 0, RandomRatio = 0 });
        for (int b = 0; b < 40; b++)
            for (int t = 0; t < Layout.MainBins; t++)
                for (int n = 0; n < Layout.HeldinNeurons; n++)
                    Assert.Equal(spikes2[b, t, n], input2[b, t, n]);
        Assert.Contains(labels2.Cast<float>(), v => v == Masker.Unscored);
    }

    [Fact]
    public void TokenAndRandomRatiosSplitMaskedEntriesIntoZeroedRandomAndKept()
    {
        // Held-in counts all 7 (outside [0, 7), the random range): kept = 7; zeroed ≈ ½; random ≈ ½·½.
        var layout = new TrialLayout(6, 3, 10, 4, 0);
        using var scope = NewDisposeScope();
        var spikes = full(300, layout.Bins, layout.Neurons, 7f);
        using var generator = new Generator(9, CPU);
        var (input, labels) = new Masker(new MaskingOptions { TokenRatio = 0.5, RandomRatio = 0.5 }, layout).Mask(spikes, 1, generator);
        var inputs = input.narrow(1, 0, 10).narrow(2, 0, 6).data<float>().ToArray();
        var label = labels.narrow(1, 0, 10).narrow(2, 0, 6).data<float>().ToArray();
        var masked = inputs.Where((_, i) => label[i] != Masker.Unscored).ToArray();
        double kept = masked.Count(v => v == 7) / (double)masked.Length;
        double zero = masked.Count(v => v == 0) / (double)masked.Length;
        Assert.InRange(kept, 0.21, 0.29);
        Assert.InRange(zero, 0.5 + 0.25 / 7 - 0.04, 0.5 + 0.25 / 7 + 0.04);
        Assert.All(masked, v => Assert.True(v == 7 || (v >= 0 && v < 7 && v == Math.Floor(v))));
    }

    [Theory]
    [InlineData(3, 5, new[] { 4, 5, 6 })]          // odd: t − 1 … t + 1
    [InlineData(4, 5, new[] { 4, 5, 6, 7 })]       // even: t − w/2 + 1 … t + w/2
    [InlineData(5, 1, new[] { 0, 1, 2, 3 })]       // clipped at the start
    [InlineData(2, 11, new[] { 11 })]              // clipped at the end (t + 1 = 12 is outside)
    [InlineData(1, 7, new[] { 7 })]
    public void SpanDilationFollowsTheReferenceOddEvenRule(int width, int sample, int[] expected)
    {
        using var scope = NewDisposeScope();
        var steps = zeros(2, 12, dtype: ScalarType.Bool);
        steps[1, sample] = tensor(true);
        var dilated = Masker.Dilate(steps, width);
        var row = dilated[1].data<bool>().ToArray();
        Assert.Equal(expected, Enumerable.Range(0, 12).Where(t => row[t]));
        Assert.DoesNotContain(true, dilated[0].data<bool>().ToArray());
    }

    [Fact]
    public void SpanWidthIsDrawnOnlyWhenTheRampAllowsIt_RatioIsDividedByTheWidth()
    {
        var options = new MaskingOptions { MaxSpan = 3, RampStart = 100, RampEnd = 300 };
        var masker = new Masker(options, Layout);
        Assert.Equal(0, Masker.ExpandProbability(options, 0));
        Assert.Equal(0, Masker.ExpandProbability(options, 100));
        Assert.Equal(0.5, Masker.ExpandProbability(options, 200));
        Assert.Equal(1, Masker.ExpandProbability(options, 300));
        Assert.Equal(1, Masker.ExpandProbability(options, 5000));
        Assert.Equal(0, Masker.ExpandProbability(new MaskingOptions(), 20000)); // MASK_MAX_SPAN 1: the ramp is inert

        var random = new TrainingRandom(42);
        ulong before = random.State;
        Assert.Equal(1, masker.DrawSpanWidth(0, random));
        Assert.Equal(before, random.State); // nothing drawn
        var widths = Enumerable.Range(0, 300).Select(_ => masker.DrawSpanWidth(1, random)).ToArray();
        Assert.Equal([1, 2, 3], widths.Distinct().Order());

        // Width 3 at ratio 0.25: draws at 0.25 / 3 cover ≈ 1 − (1 − 1/12)³ ≈ 23 % of the steps, in runs of ≥ 3 bins inside the window.
        var (_, _, labels) = MaskOnce(new MaskingOptions { MaxSpan = 3 }, batch: 600, width: 3);
        int masked = 0;
        for (int b = 0; b < 600; b++)
            for (int t = 0; t < Layout.MainBins; t++)
                if (labels[b, t, 0] != Masker.Unscored) masked++;
        Assert.InRange(masked / 6000.0, 0.19, 0.27);
    }

    [Fact]
    public void SameGeneratorSeedGivesTheSameMask_AnotherSeedAnother()
    {
        var options = new MaskingOptions { TokenRatio = 0.6, RandomRatio = 0.5 };
        var a = MaskOnce(options, seed: 3);
        var b = MaskOnce(options, seed: 3);
        var c = MaskOnce(options, seed: 4);
        Assert.Equal(a.Input.Cast<float>(), b.Input.Cast<float>());
        Assert.Equal(a.Labels.Cast<float>(), b.Labels.Cast<float>());
        Assert.NotEqual(a.Labels.Cast<float>(), c.Labels.Cast<float>());
    }

    [Fact]
    public void NaNCountsAreNeverScoredAndNeverFedToTheModel()
    {
        using var scope = NewDisposeScope();
        var spikes = Spikes(20);
        spikes[.., 2, 1] = tensor(float.NaN);   // a held-in neuron at bin 2
        spikes[.., 4, 7] = tensor(float.NaN);   // a held-out neuron
        spikes[.., 11, 0] = tensor(float.NaN);  // a forward bin
        using var generator = new Generator(2, CPU);
        var masker = new Masker(new MaskingOptions { Ratio = 1 }, Layout);
        var (input, labels) = masker.Mask(spikes, 1, generator);
        Assert.False(input.isnan().any().item<bool>());
        Assert.True(labels[.., 2, 1].eq(Masker.Unscored).all().item<bool>());
        Assert.True(labels[.., 4, 7].eq(Masker.Unscored).all().item<bool>());
        Assert.True(labels[.., 11, 0].eq(Masker.Unscored).all().item<bool>());
        Assert.True(labels[.., 2, 0].ne(Masker.Unscored).all().item<bool>()); // its neighbours still count

        var unmasked = masker.UnmaskedInput(spikes);
        Assert.False(unmasked.isnan().any().item<bool>());
        Assert.True(unmasked.narrow(1, 0, 10).narrow(2, 0, 6).eq(spikes.narrow(1, 0, 10).narrow(2, 0, 6).nan_to_num(0)).all().item<bool>());
        Assert.Equal(0, unmasked.narrow(2, 6, 3).abs().sum().item<float>());
        Assert.Equal(0, unmasked.narrow(1, 10, 4).abs().sum().item<float>());
    }
}
