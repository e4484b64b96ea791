using Blend.Data;
using Blend.Evaluation;

namespace Blend.Models.Smoothing;

/// <summary>What the smoothing baseline reads: the training and eval trials' spikes (main bins), the training behavior (optional, for the validation vel R²) and the bin width.</summary>
public sealed record SmoothingData(Array3 TrainHeldin, Array3 TrainHeldout, Array3 EvalHeldin, Array3? TrainBehavior, double BinMs);

/// <summary>
/// NLB's smoothing baseline (Pei et al. 2021, nlb_tools examples/baselines/smoothing): held-in rates are the held-in
/// spikes smoothed with a Gaussian kernel (<see cref="GaussianWindow"/>); held-out rates come from one Poisson GLM per
/// held-out neuron (<see cref="PoissonGlm"/>) on log(smoothed held-in + 10⁻⁴), clipped to [10⁻⁹, 10²⁰] as there. It
/// predicts no forward bins (no fp-bps). The kernel and α are chosen on validation co-bps — as nlb_tools' sweep does,
/// but on the validation trials carved from the training trials instead of its 5 folds — with GLMs fitted on the other
/// training trials; the chosen cell is then refitted on every training trial, as run_smoothing.py does, to predict.
/// </summary>
public static class SmoothingBaseline
{
    /// <summary>Bounds, in spikes per bin, to which predicted held-out rates are clipped, as in nlb_tools' <c>run_smoothing.py</c>.</summary>
    public const double RateFloor = 1e-9, RateCeiling = 1e20;

    /// <summary>
    /// Chooses the kernel and α on validation co-bps (GLMs fitted on the other training trials), then refits the chosen
    /// cell on every training trial and predicts train and eval rates.
    /// </summary>
    /// <param name="data">Spikes of the main bins and the bin width.</param>
    /// <param name="validationTrials">Indices (0-based) of the training trials to validate on: some, but not all.</param>
    /// <param name="options">The σ and α grid (null: the defaults).</param>
    /// <param name="progress">Receives one line per grid cell (null: none).</param>
    /// <param name="cancellation">Checked before each grid cell is fitted.</param>
    public static SmoothingFit Fit(SmoothingData data, IReadOnlyCollection<int> validationTrials, SmoothingOptions? options = null,
        Action<string>? progress = null, CancellationToken cancellation = default)
    {
        options ??= new SmoothingOptions();
        var (trainHeldin, trainHeldout) = (data.TrainHeldin, data.TrainHeldout);
        int trials = trainHeldin.Trials, time = trainHeldin.Time;
        if (!(data.BinMs > 0)) throw new ArgumentOutOfRangeException(nameof(data), data.BinMs, "the bin width must be positive");
        if (trainHeldout.Trials != trials || trainHeldout.Time != time || data.EvalHeldin.Time != time || data.EvalHeldin.Channels != trainHeldin.Channels)
            throw new MetricInputException(
                $"smoothing baseline: train held-in {trainHeldin.ShapeText}, train held-out {trainHeldout.ShapeText} and eval held-in {data.EvalHeldin.ShapeText} do not fit together");
        var isValidation = new bool[trials];
        foreach (int t in validationTrials)
        {
            if (t < 0 || t >= trials) throw new MetricInputException($"smoothing baseline: validation trial {t} is outside 0..{trials - 1}");
            isValidation[t] = true;
        }
        int validationCount = isValidation.Count(v => v);
        if (validationCount == 0 || validationCount == trials)
            throw new MetricInputException($"smoothing baseline: need some but not all of the {trials} training trials as validation trials, got {validationCount}");
        var isFit = isValidation.Select(v => !v).ToArray();

        var windows = Windows(options.KernelSdMs, data.BinMs, time);
        // NLB's grid in ms is made for 5–20 ms bins; at coarse bins (200 ms) none of it is a whole bin, so the grid falls
        // back to multiples of the bin width instead of leaving such data without its reference.
        if (windows.Count == 0) windows = Windows(BinMultiples.Select(k => k * data.BinMs), data.BinMs, time);
        if (windows.Count == 0)
            throw new BlendInputException(
                $"smoothing baseline: no kernel of σ {string.Join(", ", options.KernelSdMs)} ms, nor of 1–5 bins, fits {time} bins of {data.BinMs} ms (σ must be at least one bin, 6σ at most the trial)");
        var alphas = options.Alphas.OrderByDescending(a => a).ToArray(); // strongest penalty first: each fit warm-starts the next
        var fitHeldout = trainHeldout.SelectTrials(isFit);
        var validationHeldout = trainHeldout.SelectTrials(isValidation);

        var grid = new List<SmoothingCandidate>();
        SmoothingCandidate? best = null;
        GaussianWindow? bestWindow = null;
        Array3? bestTrainHeldout = null;
        int unconverged = 0;
        foreach (var (kernelMs, window) in windows)
        {
            var smoothed = window.Smooth(trainHeldin);
            var fitFeatures = LogFeatures(smoothed.SelectTrials(isFit), options.LogOffset);
            var allFeatures = LogFeatures(smoothed, options.LogOffset);
            PoissonGlm[]? previous = null;
            foreach (double alpha in alphas)
            {
                cancellation.ThrowIfCancellationRequested();
                var glms = FitNeurons(fitFeatures, fitHeldout, alpha, previous, options.Threads);
                unconverged += glms.Count(g => !g.Converged);
                previous = glms;
                var predicted = Predict(glms, allFeatures, trials, time);
                double coBps = PoissonLikelihood.BitsPerSpike(predicted.SelectTrials(isValidation), validationHeldout);
                var candidate = new SmoothingCandidate(kernelMs, window.Length, window.SdBins, alpha, coBps);
                grid.Add(candidate);
                progress?.Invoke($"smoothing σ {kernelMs:0.#} ms ({window.Length}-bin window), α {alpha:G3}: validation co-bps {coBps:F4}");
                if (best is null || coBps > best.ValidationCoBps)
                    (best, bestWindow, bestTrainHeldout) = (candidate, window, predicted);
            }
        }

        var chosenSmoothed = bestWindow!.Smooth(trainHeldin);
        var validationMetrics = ValidationScores.Compute(chosenSmoothed, bestTrainHeldout!, trainHeldout, data.TrainBehavior, validationTrials);
        var evalSmoothed = bestWindow.Smooth(data.EvalHeldin);
        var trainFeatures = LogFeatures(chosenSmoothed, options.LogOffset);
        var final = FitNeurons(trainFeatures, trainHeldout, best!.Alpha, null, options.Threads);
        unconverged += final.Count(g => !g.Converged);
        var rates = new NlbDatasetRates
        {
            TrainRatesHeldin = chosenSmoothed,
            TrainRatesHeldout = Predict(final, trainFeatures, trials, time),
            EvalRatesHeldin = evalSmoothed,
            EvalRatesHeldout = Predict(final, LogFeatures(evalSmoothed, options.LogOffset), data.EvalHeldin.Trials, time),
        };
        return new SmoothingFit
        {
            Rates = rates,
            Chosen = best,
            Grid = grid,
            ValidationMetrics = validationMetrics,
            BinMs = data.BinMs,
            ValidationTrials = validationCount,
            UnconvergedFits = unconverged,
        };
    }

    /// <summary>Kernel widths, in bins, tried where none of <see cref="SmoothingOptions.KernelSdMs"/> fits the bins.</summary>
    public static readonly IReadOnlyList<double> BinMultiples = [1, 1.5, 2, 3, 4, 5];

    /// <summary>The distinct usable windows of the σ grid at this bin width, in grid order.</summary>
    public static List<(double KernelSdMs, GaussianWindow Window)> Windows(IEnumerable<double> kernelSdMs, double binMs, int time)
    {
        var windows = new List<(double, GaussianWindow)>();
        var seen = new HashSet<(int, double)>();
        foreach (double kernel in kernelSdMs)
            if (GaussianWindow.ForKernel(kernel, binMs) is { } window && window.Length <= time && seen.Add((window.Length, window.SdBins)))
                windows.Add((kernel, window));
        return windows;
    }

    private static RowMatrix LogFeatures(Array3 smoothed, double offset)
    {
        var values = new double[smoothed.Values.Length];
        for (int k = 0; k < values.Length; k++) values[k] = Math.Log(smoothed.Values[k] + offset);
        return new RowMatrix(smoothed.Rows, smoothed.Channels, values);
    }

    private static PoissonGlm[] FitNeurons(RowMatrix features, Array3 heldout, double alpha, PoissonGlm[]? start, int threads)
    {
        var glms = new PoissonGlm[heldout.Channels];
        Parallel.For(0, heldout.Channels, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) },
            n => glms[n] = PoissonGlm.Fit(features, heldout.Values, heldout.Channels, n, alpha, start?[n]));
        return glms;
    }

    private static Array3 Predict(PoissonGlm[] glms, RowMatrix features, int trials, int time)
    {
        var rates = new Array3(trials, time, glms.Length);
        for (int n = 0; n < glms.Length; n++) glms[n].Predict(features, rates.Values, glms.Length, n);
        for (int k = 0; k < rates.Values.Length; k++) rates.Values[k] = Math.Clamp(rates.Values[k], RateFloor, RateCeiling);
        return rates;
    }
}
