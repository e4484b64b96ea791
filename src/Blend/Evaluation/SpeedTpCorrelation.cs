using Blend.Data;

namespace Blend.Evaluation;

/// <summary>
/// nlb_tools' speed_tp_correlation (DMFC_RSG): per trial, the mean Euclidean step length of the rate trajectory during
/// set–go (bins where held-out spikes are not NaN); per condition (behavior columns 0–2), Pearson's r between those
/// speeds and the produced interval tp (the last behavior column); the mean over conditions.
/// </summary>
public static class SpeedTpCorrelation
{
    /// <param name="evalSpikesHeldout">trials × time × neurons, NaN outside set–go.</param>
    /// <param name="evalRates">trials × time × neurons (held-in and held-out).</param>
    /// <param name="evalBehavior">trials × columns: condition columns 0, 1, 2 and tp last.</param>
    public static double Evaluate(Array3 evalSpikesHeldout, Array3 evalRates, RowMatrix evalBehavior)
    {
        if (evalSpikesHeldout.Trials != evalRates.Trials || evalSpikesHeldout.Time != evalRates.Time)
            throw new MetricInputException(
                $"speed_tp_correlation: held-out spikes {evalSpikesHeldout.ShapeText} and rates {evalRates.ShapeText} must agree in trials and time");
        if (evalBehavior.Rows != evalRates.Trials || evalBehavior.Cols < 3)
            throw new MetricInputException(
                $"speed_tp_correlation: behavior {evalBehavior.ShapeText} needs one row per trial of rates {evalRates.ShapeText} and at least 3 columns");
        if (evalSpikesHeldout.Channels == 0)
            throw new MetricInputException("speed_tp_correlation: held-out spikes have no neurons to mask by");

        double[] speeds = Speeds(evalSpikesHeldout, evalRates);
        int tpColumn = evalBehavior.Cols - 1;
        var correlations = new List<double>();
        foreach (double[] condition in Conditions(evalBehavior))
        {
            var x = new List<double>();
            var y = new List<double>();
            for (int trial = 0; trial < evalBehavior.Rows; trial++)
            {
                if (evalBehavior[trial, 0] != condition[0] || evalBehavior[trial, 1] != condition[1]
                    || evalBehavior[trial, 2] != condition[2]) continue;
                x.Add(speeds[trial]);
                y.Add(evalBehavior[trial, tpColumn]);
            }
            if (x.Count < 2)
                throw new MetricInputException(
                    $"speed_tp_correlation: condition ({condition[0]}, {condition[1]}, {condition[2]}) has {x.Count} trials; Pearson's r needs at least 2");
            correlations.Add(Pearson(x.ToArray(), y.ToArray()));
        }
        return NumpySum.Mean(correlations.ToArray());
    }

    /// <summary>Per trial: mean over consecutive kept bins of ‖r(t+1) − r(t)‖₂ (NaN with fewer than two kept bins).</summary>
    internal static double[] Speeds(Array3 spikes, Array3 rates)
    {
        var speeds = new double[rates.Trials];
        int neurons = rates.Channels;
        var step = new double[neurons];
        for (int trial = 0; trial < rates.Trials; trial++)
        {
            var norms = new List<double>();
            int previous = -1;
            for (int t = 0; t < rates.Time; t++)
            {
                if (double.IsNaN(spikes[trial, t, 0])) continue;
                if (previous >= 0)
                {
                    ReadOnlySpan<double> now = rates.Bin(trial, t), before = rates.Bin(trial, previous);
                    for (int n = 0; n < neurons; n++) step[n] = (now[n] - before[n]) * (now[n] - before[n]);
                    norms.Add(Math.Sqrt(NumpySum.Pairwise(step)));
                }
                previous = t;
            }
            speeds[trial] = NumpySum.Mean(norms.ToArray());
        }
        return speeds;
    }

    /// <summary>
    /// np.unique(behavior[:, [0, 1, 2]], axis=0) without all-NaN rows: distinct rows in lexicographic order, NaN
    /// sorting last and never equal to anything (so rows with NaN stay separate, as in numpy).
    /// </summary>
    internal static List<double[]> Conditions(RowMatrix behavior)
    {
        var rows = new List<double[]>();
        for (int trial = 0; trial < behavior.Rows; trial++)
            rows.Add([behavior[trial, 0], behavior[trial, 1], behavior[trial, 2]]);
        rows.Sort(CompareRows);
        var unique = new List<double[]>();
        foreach (var row in rows)
        {
            bool duplicate = unique.Count > 0 && row.Zip(unique[^1]).All(pair => pair.First == pair.Second);
            if (!duplicate) unique.Add(row);
        }
        unique.RemoveAll(row => row.All(double.IsNaN));
        return unique;
    }

    private static int CompareRows(double[] a, double[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            int order = a[i].CompareTo(b[i]); // .NET orders NaN first; numpy sorts it last
            if (double.IsNaN(a[i]) != double.IsNaN(b[i])) return double.IsNaN(a[i]) ? 1 : -1;
            if (order != 0) return order;
        }
        return 0;
    }

    /// <summary>
    /// scipy.stats.pearsonr's statistic: NaN for constant input, ±1 for two points, else the normalised dot product of
    /// the centred samples, clipped to [−1, 1].
    /// </summary>
    internal static double Pearson(double[] x, double[] y)
    {
        if (x.Any(double.IsNaN) || y.Any(double.IsNaN)) return double.NaN; // as numpy's arithmetic would give
        if (x.All(v => v == x[0]) || y.All(v => v == y[0])) return double.NaN;
        if (x.Length == 2) return Math.Sign(x[1] - x[0]) * Math.Sign(y[1] - y[0]);
        double xMean = NumpySum.Mean(x), yMean = NumpySum.Mean(y);
        var xc = x.Select(v => v - xMean).ToArray();
        var yc = y.Select(v => v - yMean).ToArray();
        double xNorm = Math.Sqrt(Dot(xc, xc)), yNorm = Math.Sqrt(Dot(yc, yc));
        double r = Dot(xc.Select(v => v / xNorm).ToArray(), yc.Select(v => v / yNorm).ToArray());
        return Math.Max(Math.Min(r, 1.0), -1.0);
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0.0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
