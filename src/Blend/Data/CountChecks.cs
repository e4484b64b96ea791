using System.Globalization;

namespace Blend.Data;

/// <summary>
/// Checks on the spike counts of NLB tensor files before a model trains on them, with the rules <c>blend import</c>
/// applies to recordings (<see cref="RecordingChecks"/>): every count finite and ≥ 0. A failure is one line naming the
/// file, the key, the first offending trial, bin and neuron, and how many values are bad.
/// </summary>
public static class CountChecks
{
    /// <summary>Throws when <paramref name="counts"/> (trials × bins × neurons of <paramref name="key"/> in <paramref name="file"/>) holds a non-finite or negative value.</summary>
    public static void FiniteNonNegative(Array3 counts, string file, string key)
    {
        int bad = 0, first = -1;
        bool firstNonFinite = false;
        var values = counts.Values;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            bool nonFinite = !double.IsFinite(v);
            if (!nonFinite && v >= 0) continue;
            if (first < 0)
            {
                first = i;
                firstNonFinite = nonFinite;
            }
            bad++;
        }
        if (first < 0) return;
        int perTrial = counts.Time * counts.Channels;
        int trial = first / perTrial, bin = first % perTrial / counts.Channels, neuron = first % counts.Channels;
        string value = values[first].ToString("R", CultureInfo.InvariantCulture);
        string rule = firstNonFinite ? "counts must be finite" : "counts must be ≥ 0";
        throw new BlendInputException(
            $"{file}: {key} holds {bad} invalid count{(bad == 1 ? "" : "s")}, the first {value} at trial {trial}, bin {bin}, neuron {neuron}; {rule} (shape {counts.ShapeText})");
    }

    /// <summary>The neurons (columns) of <paramref name="counts"/> that never spike; all of them when the array is silent.</summary>
    public static int[] SilentNeurons(Array3 counts)
    {
        var spikes = new bool[counts.Channels];
        var values = counts.Values;
        for (int i = 0; i < values.Length; i++)
            if (values[i] > 0) spikes[i % counts.Channels] = true;
        return [.. Enumerable.Range(0, counts.Channels).Where(n => !spikes[n])];
    }
}
