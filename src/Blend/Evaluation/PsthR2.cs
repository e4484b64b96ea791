using Blend.Data;

namespace Blend.Evaluation;

/// <summary>
/// nlb_tools' eval_psth: per condition, average the (jittered) eval-trial rates into a predicted PSTH, keep the time
/// points where the true PSTH is defined, stack all conditions along time and score R² averaged over neurons.
/// </summary>
public static class PsthR2
{
    /// <param name="psth">conditions × time × neurons; NaN rows (by neuron 0) mark undefined time points.</param>
    /// <param name="evalRates">trials × time × neurons.</param>
    /// <param name="evalCondIdx">per condition, the eval trials in it (possibly none: the condition is skipped).</param>
    /// <param name="jitter">per eval trial, the shift in bins applied before averaging (null: none).</param>
    public static double EvalPsth(Array3 psth, Array3 evalRates, IReadOnlyList<int[]> evalCondIdx, int[]? jitter = null)
    {
        if (psth.Time != evalRates.Time || psth.Channels != evalRates.Channels)
            throw new MetricInputException(
                $"eval_psth: psth {psth.ShapeText} and eval rates {evalRates.ShapeText} must agree in time and neurons");
        if (psth.Channels == 0)
            throw new MetricInputException($"eval_psth: psth {psth.ShapeText} has no neurons");
        if (evalCondIdx.Count > psth.Trials)
            throw new MetricInputException(
                $"eval_psth: {evalCondIdx.Count} condition index lists for psth {psth.ShapeText} with {psth.Trials} conditions");
        jitter ??= new int[evalRates.Trials];
        if (jitter.Length != evalRates.Trials)
            throw new MetricInputException(
                $"eval_psth: {jitter.Length} jitter values for eval rates {evalRates.ShapeText}");

        int time = psth.Time, neurons = psth.Channels;
        var truth = new List<double>();
        var predicted = new List<double>();
        bool anyCondition = false;
        for (int condition = 0; condition < evalCondIdx.Count; condition++)
        {
            int[] trials = evalCondIdx[condition];
            if (trials.Length == 0) continue;
            anyCondition = true;
            double[] mean = MeanJitteredTrials(evalRates, trials, jitter);
            for (int t = 0; t < time; t++)
            {
                if (double.IsNaN(psth[condition, t, 0])) continue;
                for (int n = 0; n < neurons; n++)
                {
                    double value = mean[t * neurons + n];
                    if (double.IsNaN(value))
                        throw new MetricInputException(
                            $"eval_psth: NaNs found in rate predictions within required trial times (condition {condition}, time {t}, neuron {n})");
                    truth.Add(psth[condition, t, n]);
                    predicted.Add(value);
                }
            }
        }
        if (!anyCondition)
            throw new MetricInputException("eval_psth: no condition has any eval trials");
        int rows = truth.Count / neurons;
        return R2Score.UniformAverage(new RowMatrix(rows, neurons, truth.ToArray()),
            new RowMatrix(rows, neurons, predicted.ToArray()));
    }

    /// <summary>
    /// np.mean over the condition's jittered trials: a running sum in trial order divided by the count, so a NaN
    /// (a bin shifted in from outside the window) propagates.
    /// </summary>
    internal static double[] MeanJitteredTrials(Array3 rates, int[] trials, int[] jitter)
    {
        int time = rates.Time, neurons = rates.Channels;
        var sum = new double[time * neurons];
        foreach (int trial in trials)
        {
            if (trial < 0 || trial >= rates.Trials)
                throw new MetricInputException($"eval_psth: trial index {trial} outside eval rates {rates.ShapeText}");
            int shift = jitter[trial];
            if (Math.Abs(shift) > time)
                throw new MetricInputException($"eval_psth: jitter {shift} of trial {trial} exceeds {time} time bins");
            ReadOnlySpan<double> source = rates.Trial(trial);
            for (int t = 0; t < time; t++)
            {
                // jitter_trial: j > 0 puts j NaN rows on top (row t shows t − j); j < 0 shifts up and pads below.
                int from = t - shift;
                for (int n = 0; n < neurons; n++)
                    sum[t * neurons + n] += from >= 0 && from < time ? source[from * neurons + n] : double.NaN;
            }
        }
        for (int i = 0; i < sum.Length; i++) sum[i] /= trials.Length;
        return sum;
    }
}
