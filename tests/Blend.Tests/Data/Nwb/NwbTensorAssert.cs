using Blend.Data;
using Blend.Data.Nwb;

namespace Blend.Tests.Data.Nwb;

/// <summary>Comparisons of converted tensors with nlb_tools' (stored as float32): NaN positions always exact.</summary>
internal static class NwbTensorAssert
{
    /// <summary>Spike counts and indices: identical after the float32 cast nlb_tools' save_to_h5 applies.</summary>
    public static void Exact(Array3? expected, Array3? actual, string what) => Close(expected, actual, what, 0, 0);

    /// <summary>
    /// Values equal after the float32 cast within <paramref name="relative"/> (or <paramref name="absolute"/>);
    /// NaN exactly where nlb_tools has NaN.
    /// </summary>
    public static void Close(Array3? expected, Array3? actual, string what, double relative = 1e-6, double absolute = 0)
    {
        Assert.True(expected is not null, $"{what}: nlb_tools has no such array");
        Assert.True(actual is not null, $"{what}: Blend made no array");
        Assert.True(expected!.Trials == actual!.Trials && expected.Time == actual.Time && expected.Channels == actual.Channels,
            $"{what}: shape {actual.ShapeText}, nlb_tools {expected.ShapeText}");
        for (int i = 0; i < expected.Values.Length; i++)
        {
            double e = expected.Values[i], a = (float)actual.Values[i];
            if (double.IsNaN(e) || double.IsNaN(a))
            {
                if (double.IsNaN(e) != double.IsNaN(a)) Assert.Fail($"{what}: value {i} {Where(expected, i)} is {a:R}, nlb_tools {e:R}");
                continue;
            }
            if (Math.Abs(a - e) > Math.Max(absolute, relative * Math.Abs(e)))
                Assert.Fail($"{what}: value {i} {Where(expected, i)} is {a:R}, nlb_tools {e:R}");
        }
    }

    /// <summary>
    /// The whole binned recording against nlb_tools' <c>resample</c> output (a <c>*_continuous.h5</c> fixture): spike
    /// counts exactly, every continuous signal the file holds to 1e-9 relative, NaN in the same places. Returns how
    /// many signals were compared.
    /// </summary>
    public static int WholeRecording(BinnedRecording binned, Hdf5Reader reader, string suffix)
    {
        int compared = 0;
        foreach (var (key, units) in new[] { ("spikes", binned.Recording.Heldin), ("heldout_spikes", binned.Recording.Heldout) })
        {
            double[] expected = reader.ReadDoubles(key + suffix, out int[] shape);
            Assert.Equal([binned.Bins, units.Length], shape);
            var counts = new double[binned.Bins];
            for (int u = 0; u < units.Length; u++)
            {
                binned.Counts(units[u], 0, binned.Bins, counts);
                for (int k = 0; k < binned.Bins; k++)
                {
                    double e = expected[k * units.Length + u];
                    Assert.True(double.IsNaN(e) ? double.IsNaN(counts[k]) : e == counts[k], $"{key} bin {k} unit {units[u].UnitId}: {counts[k]} vs {e}");
                }
            }
        }
        foreach (string signal in binned.Recording.Signals.Keys)
        {
            if (!reader.Exists(signal + suffix)) continue;
            compared++;
            double[] expected = reader.ReadDoubles(signal + suffix, out int[] shape);
            double[][] actual = binned.Signal(signal);
            Assert.Equal([binned.Bins, actual.Length], shape);
            for (int k = 0; k < binned.Bins; k++)
                for (int c = 0; c < actual.Length; c++)
                {
                    double e = expected[k * actual.Length + c], a = actual[c][k];
                    Assert.True(double.IsNaN(e) ? double.IsNaN(a) : Math.Abs(a - e) <= 1e-9 * Math.Max(1, Math.Abs(e)), $"{signal} bin {k} channel {c}: {a:R} vs {e:R}");
                }
        }
        return compared;
    }

    private static string Where(Array3 array, int flat) =>
        $"(trial {flat / (array.Time * array.Channels)}, bin {flat / array.Channels % array.Time}, channel {flat % array.Channels})";
}
