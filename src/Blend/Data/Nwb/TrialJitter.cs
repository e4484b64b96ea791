namespace Blend.Data.Nwb;

/// <summary>
/// dmfc_rsg's alignment jitter (nlb_tools' <c>_prep_jitter</c> with PARAMS' jitter): for each selected trial, in
/// table order, a range [0, clip(1500 − tp, 0, 300)] ms (0 for test trials) is floored to whole bins, one
/// <c>np.random.random()</c> is drawn from the generator seeded with <c>seed</c>, scaled into the
/// range and rounded half to even. Returns milliseconds (NaN where tp is missing).
/// </summary>
public static class TrialJitter
{
    /// <summary>
    /// One jitter in ms per entry of <paramref name="selected"/> (trial table positions), a whole number of
    /// <paramref name="binMs"/> bins, drawn with numpy's legacy generator seeded with <paramref name="seed"/>.
    /// </summary>
    public static double[] ProducedIntervalJitterMs(TrialTable trials, IReadOnlyList<int> selected, int binMs, uint seed)
    {
        string?[] splits = trials.Texts("split");
        double[] tp = trials.Has("tp") ? trials.Numbers("tp") : Enumerable.Repeat(double.NaN, trials.Count).ToArray();
        var random = new NumpyLegacyRandom(seed);
        var jitter = new double[selected.Count];
        for (int i = 0; i < selected.Count; i++)
        {
            int t = selected[i];
            double high = splits[t] == "test" ? 0.0 : Math.Clamp(1500.0 - tp[t], 0.0, 300.0);
            if (double.IsNaN(tp[t]) && splits[t] != "test") high = double.NaN;
            // The range [0, high] in whole bins: floor(round(range / bin, 4)); the lower bound stays 0.
            high = Math.Floor(PythonRounding.Numpy(high / binMs, 4));
            double sample = random.NextDouble() * high;
            jitter[i] = Math.Round(sample, MidpointRounding.ToEven) * binMs;
        }
        return jitter;
    }

    /// <summary><c>(jitter / bin).round().astype(int)</c>: the jitter in bins, as nlb_tools saves it.</summary>
    public static int[] InBins(double[] jitterMs, int binMs) =>
        jitterMs.Select(j => double.IsNaN(j) ? int.MinValue : (int)Math.Round(j / binMs, MidpointRounding.ToEven)).ToArray();
}
