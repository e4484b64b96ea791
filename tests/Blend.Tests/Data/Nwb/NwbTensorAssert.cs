using Blend.Data;

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

    private static string Where(Array3 array, int flat) =>
        $"(trial {flat / (array.Time * array.Channels)}, bin {flat / array.Channels % array.Time}, channel {flat % array.Channels})";
}
