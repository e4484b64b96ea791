using System.Text.Json;
using Blend.Data;
using Blend.Models.Smoothing;
using Blend.Tests.Data;

namespace Blend.Tests.Models.Smoothing;

/// <summary>
/// NLB's smoothing baseline against nlb_tools' run_smoothing.py steps computed with scipy 1.10.1 / sklearn 1.2.1
/// (TestData/smoothing/smoothing_sklearn.json, made by tools/make_smoothing.py), plus cases that follow by hand.
/// </summary>
public class SmoothingBaselineTests
{
    private static readonly JsonElement Fixture = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(NlbTestFiles.RepoRoot, "tests", "Blend.Tests", "TestData", "smoothing", "smoothing_sklearn.json"))).RootElement;

    private static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    public static TheoryData<int> WindowCases() => [.. Enumerable.Range(0, Fixture.GetProperty("windows").GetArrayLength())];

    public static TheoryData<int> GlmCases() => [.. Enumerable.Range(0, Fixture.GetProperty("glms").GetArrayLength())];

    [Theory]
    [MemberData(nameof(WindowCases))]
    public void WindowAndSameConvolutionMatchScipyAndNumpy(int index)
    {
        var c = Fixture.GetProperty("windows")[index];
        var window = new GaussianWindow(c.GetProperty("length").GetInt32(), c.GetProperty("sd").GetDouble());
        AssertClose(Doubles(c.GetProperty("weights")), [.. window.Weights], 1e-14);
        var x = Doubles(c.GetProperty("x"));
        var smoothed = window.Smooth(new Array3(1, x.Length, 1, x));
        AssertClose(Doubles(c.GetProperty("same")), smoothed.Values, 1e-13);
    }

    [Fact]
    public void ThreeBinWindowByHand()
    {
        // σ = 1 bin, 3 bins: weights e^-½, 1, e^-½ over their sum; a lone spike spreads to its neighbours, zero-padded at the edge.
        var window = new GaussianWindow(3, 1);
        double side = Math.Exp(-0.5) / (1 + 2 * Math.Exp(-0.5)), centre = 1 / (1 + 2 * Math.Exp(-0.5));
        var smoothed = window.Smooth(new Array3(1, 4, 1, [2, 0, 0, 1]));
        AssertClose([2 * centre, 2 * side, side, centre], smoothed.Values, 1e-15);
        Assert.Null(GaussianWindow.ForKernel(15, 20)); // σ under one bin: scipy would divide by zero
        Assert.Equal(15, GaussianWindow.ForKernel(50, 20)!.Length); // int(6·50/20), σ int(2.5) = 2 bins as NLB truncates
        Assert.Equal(2, GaussianWindow.ForKernel(50, 20)!.SdBins);
        Assert.Throws<ArgumentException>(() => new GaussianWindow(5, 1).Smooth(new Array3(1, 4, 1)));
    }

    [Theory]
    [MemberData(nameof(GlmCases))]
    public void PoissonGlmMatchesSklearnPoissonRegressor(int index)
    {
        var c = Fixture.GetProperty("glms")[index];
        int rows = c.GetProperty("rows").GetInt32(), columns = c.GetProperty("columns").GetInt32();
        var features = new RowMatrix(rows, columns, Doubles(c.GetProperty("x")));
        var glm = PoissonGlm.Fit(features, Doubles(c.GetProperty("y")), 1, 0, c.GetProperty("alpha").GetDouble());
        Assert.True(glm.Converged);
        Assert.Equal(c.GetProperty("intercept").GetDouble(), glm.Intercept, 1e-8);
        AssertClose(Doubles(c.GetProperty("weights")), [.. glm.Weights], 1e-8);
    }

    [Fact]
    public void PoissonGlmOnOneBinaryFeatureFindsTheGroupMeansByHand()
    {
        // Without (nearly) any penalty the optimum puts exp(b) at the mean count where x = 0 and exp(b + w) where x = 1.
        double[] x = [0, 0, 0, 0, 1, 1, 1, 1, 1];
        double[] y = [1, 0, 2, 1, 3, 4, 2, 5, 1];
        var glm = PoissonGlm.Fit(new RowMatrix(9, 1, x), y, 1, 0, 1e-12);
        Assert.Equal(Math.Log(1.0), glm.Intercept, 1e-9);
        Assert.Equal(Math.Log(3.0), glm.Intercept + glm.Weights[0], 1e-9);
        // A neuron that never fires has no finite optimum: the rate floor nlb_tools' scorer applies anyway.
        var silent = PoissonGlm.Fit(new RowMatrix(9, 1, x), new double[9], 1, 0, 0.01);
        Assert.Equal(Math.Log(1e-9), silent.Intercept, 12);
    }

    [Fact]
    public void FixedKernelPipelineMatchesRunSmoothing()
    {
        var p = Fixture.GetProperty("pipeline");
        int trials = p.GetProperty("trials").GetInt32(), evalTrials = p.GetProperty("eval_trials").GetInt32(), time = p.GetProperty("time").GetInt32();
        int heldin = p.GetProperty("heldin").GetInt32(), heldout = p.GetProperty("heldout").GetInt32();
        var data = new SmoothingData(
            new Array3(trials, time, heldin, Doubles(p.GetProperty("train_spikes_heldin"))),
            new Array3(trials, time, heldout, Doubles(p.GetProperty("train_spikes_heldout"))),
            new Array3(evalTrials, time, heldin, Doubles(p.GetProperty("eval_spikes_heldin"))),
            null, p.GetProperty("bin_ms").GetDouble());
        var options = new SmoothingOptions { KernelSdMs = [p.GetProperty("kern_sd_ms").GetDouble()], Alphas = [p.GetProperty("alpha").GetDouble()] };
        var fit = SmoothingBaseline.Fit(data, [1, 5, 9, 13], options);
        AssertClose(Doubles(p.GetProperty("train_rates_heldin")), fit.Rates.TrainRatesHeldin.Values, 1e-13);
        AssertClose(Doubles(p.GetProperty("eval_rates_heldin")), fit.Rates.EvalRatesHeldin.Values, 1e-13);
        AssertClose(Doubles(p.GetProperty("train_rates_heldout")), fit.Rates.TrainRatesHeldout.Values, 1e-7);
        AssertClose(Doubles(p.GetProperty("eval_rates_heldout")), fit.Rates.EvalRatesHeldout.Values, 1e-7);
        Assert.Null(fit.Rates.EvalRatesHeldinForward); // NLB's smoothing predicts no forward bins
        Assert.True(fit.UnconvergedFits == 0, $"unconverged {fit.UnconvergedFits}");
    }

    [Fact]
    public void GridIsChosenOnValidationCoBpsAndNeverReadsTheEvalTrials()
    {
        var p = Fixture.GetProperty("pipeline");
        int trials = p.GetProperty("trials").GetInt32(), evalTrials = p.GetProperty("eval_trials").GetInt32(), time = p.GetProperty("time").GetInt32();
        int heldin = p.GetProperty("heldin").GetInt32(), heldout = p.GetProperty("heldout").GetInt32();
        var trainIn = new Array3(trials, time, heldin, Doubles(p.GetProperty("train_spikes_heldin")));
        var trainOut = new Array3(trials, time, heldout, Doubles(p.GetProperty("train_spikes_heldout")));
        var evalIn = new Array3(evalTrials, time, heldin, Doubles(p.GetProperty("eval_spikes_heldin")));
        var options = new SmoothingOptions { KernelSdMs = [10, 20, 30, 40], Alphas = [1e-2, 1] };
        int[] validation = [0, 3, 7, 11];
        var fit = SmoothingBaseline.Fit(new SmoothingData(trainIn, trainOut, evalIn, null, 10), validation, options);
        Assert.Equal(8, fit.Grid.Count); // 4 kernels (windows 6, 12, 18, 24 bins) × 2 α
        Assert.Equal(fit.Grid.Max(g => g.ValidationCoBps), fit.Chosen.ValidationCoBps);
        Assert.Equal(fit.Chosen.ValidationCoBps, fit.ValidationMetrics["co-bps"], 12);

        // Other eval spikes change the eval rates, never the choice.
        var otherEval = new Array3(evalTrials, time, heldin, [.. evalIn.Values.Select(v => v == 0 ? 3 : 0)]);
        var other = SmoothingBaseline.Fit(new SmoothingData(trainIn, trainOut, otherEval, null, 10), validation, options);
        Assert.Equal(fit.Chosen, other.Chosen);
        Assert.Equal(fit.Grid, other.Grid);
        Assert.NotEqual(fit.Rates.EvalRatesHeldout.Values, other.Rates.EvalRatesHeldout.Values);

        // Windows longer than the trial or under one bin are skipped; where none is left, the grid falls back to whole
        // bins (here σ = 1 bin = 10 ms, a 6-bin window), and only where even that does not fit is it a clear error.
        Assert.Equal(2, SmoothingBaseline.Windows([5, 10, 40, 50], 10, time).Count);
        var coarse = SmoothingBaseline.Fit(new SmoothingData(trainIn, trainOut, evalIn, null, 10), validation,
            new SmoothingOptions { KernelSdMs = [2, 100], Alphas = [1] });
        Assert.Contains(coarse.Grid, g => g.KernelSdMs == 10);
        Assert.All(coarse.Grid, g => Assert.Contains(g.KernelSdMs / 10, SmoothingBaseline.BinMultiples));
        var shortTrials = new Array3(trials, 5, heldin, new double[trials * 5 * heldin]);
        var error = Assert.Throws<BlendInputException>(() => SmoothingBaseline.Fit(
            new SmoothingData(shortTrials, new Array3(trials, 5, heldout, new double[trials * 5 * heldout]), new Array3(evalTrials, 5, heldin, new double[evalTrials * 5 * heldin]), null, 10),
            validation, new SmoothingOptions { KernelSdMs = [2, 100] }));
        Assert.Contains("nor of 1–5 bins", error.Message);
    }

    private static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
