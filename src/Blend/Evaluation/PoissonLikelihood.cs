using Blend.Data;

namespace Blend.Evaluation;

/// <summary>
/// Poisson negative log-likelihood and bits per spike as nlb_tools.evaluation computes them (co-bps on held-out
/// neurons, fp-bps on the forward window with held-in and held-out channels concatenated).
/// </summary>
public static class PoissonLikelihood
{
    /// <summary>nlb_tools replaces zero rates by this before taking the log.</summary>
    public const double ZeroRateReplacement = 1e-9;

    /// <summary>
    /// Σ (r − y ln r + ln y!) over the entries whose spike count is not NaN. Rates must be finite-or-∞, non-negative
    /// and not NaN where a spike is scored; zero rates count as 1e-9.
    /// </summary>
    public static double NegativeLogLikelihood(Array3 rates, Array3 spikes)
    {
        if (!rates.SameShape(spikes))
            throw new MetricInputException(
                $"neg_log_likelihood: rates and spikes must have the same shape; spikes {spikes.ShapeText}, rates {rates.ShapeText}");
        return Sum(rates.Values, null, spikes, "rate predictions");
    }

    /// <summary>
    /// (NLL of the null model − NLL of the rates) / total spikes / ln 2, where the null model predicts each neuron's
    /// mean count over all trials and time bins (NaN-masked).
    /// </summary>
    public static double BitsPerSpike(Array3 rates, Array3 spikes)
    {
        double nllModel = NegativeLogLikelihood(rates, spikes);
        double nllNull = Sum(null, NullRates(spikes), spikes, "null rates");
        return (nllNull - nllModel) / NanSum(spikes) / Math.Log(2.0);
    }

    /// <summary>np.nanmean(spikes, axis=(0, 1)): per-channel running sums in C order over the non-NaN counts.</summary>
    internal static double[] NullRates(Array3 spikes)
    {
        var totals = new double[spikes.Channels];
        var counts = new long[spikes.Channels];
        for (int bin = 0; bin < spikes.Rows; bin++)
        {
            ReadOnlySpan<double> row = spikes.Values.AsSpan(bin * spikes.Channels, spikes.Channels);
            for (int channel = 0; channel < row.Length; channel++)
            {
                if (double.IsNaN(row[channel])) continue;
                totals[channel] += row[channel];
                counts[channel]++;
            }
        }
        // A never-observed channel gets NaN (as numpy's), but none of its entries is scored.
        for (int channel = 0; channel < totals.Length; channel++) totals[channel] /= counts[channel];
        return totals;
    }

    /// <summary>np.nansum over the whole array (pairwise, NaN counted as 0).</summary>
    internal static double NanSum(Array3 spikes)
    {
        var values = new double[spikes.Values.Length];
        for (int i = 0; i < values.Length; i++) values[i] = double.IsNaN(spikes.Values[i]) ? 0.0 : spikes.Values[i];
        return NumpySum.Pairwise(values);
    }

    /// <summary>
    /// The likelihood sum over scored entries, rates either elementwise (<paramref name="rates"/>) or per channel
    /// (<paramref name="channelRates"/>, the tiled null model). Terms are summed pairwise in C order, as np.sum does
    /// over the masked 1-D array.
    /// </summary>
    private static double Sum(double[]? rates, double[]? channelRates, Array3 spikes, string what)
    {
        ReadOnlySpan<double> counts = spikes.Values;
        int channels = spikes.Channels;
        var terms = new double[counts.Length];
        int kept = 0, nanRates = 0, negativeRates = 0, firstNan = -1, firstNegative = -1;
        for (int i = 0; i < counts.Length; i++)
        {
            double y = counts[i];
            if (double.IsNaN(y)) continue;
            double r = rates is not null ? rates[i] : channelRates![i % channels];
            if (double.IsNaN(r))
            {
                if (nanRates++ == 0) firstNan = i;
                continue;
            }
            if (r < 0)
            {
                if (negativeRates++ == 0) firstNegative = i;
                continue;
            }
            if (y < 0)
                throw new MetricInputException(
                    $"neg_log_likelihood: negative spike count {y} at {Index(spikes, i)} in spikes {spikes.ShapeText}");
            if (r == 0) r = ZeroRateReplacement;
            terms[kept++] = r - y * Math.Log(r) + LogGamma.OfFactorial(y);
        }
        if (nanRates > 0)
            throw new MetricInputException(
                $"neg_log_likelihood: NaN {what} found at {nanRates} scored entries, first at {Index(spikes, firstNan)} (shape {spikes.ShapeText})");
        if (negativeRates > 0)
            throw new MetricInputException(
                $"neg_log_likelihood: negative {what} found at {negativeRates} scored entries, first at {Index(spikes, firstNegative)} = {(rates is not null ? rates[firstNegative] : channelRates![firstNegative % channels])} (shape {spikes.ShapeText})");
        return NumpySum.Pairwise(terms.AsSpan(0, kept));
    }

    private static string Index(Array3 shape, int flat)
    {
        int channel = flat % shape.Channels;
        int bin = flat / shape.Channels;
        return $"(trial {bin / shape.Time}, time {bin % shape.Time}, channel {channel})";
    }
}
