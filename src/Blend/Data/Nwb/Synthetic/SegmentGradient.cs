namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// numpy's <c>gradient</c> along time, per channel, within one segment of row-major samples: central differences
/// inside, one-sided at the ends, divided by the sample spacing. The NLB velocities are this gradient of the
/// positions within each trial (MC_Maze) or recording chunk (MC_RTT).
/// </summary>
internal static class SegmentGradient
{
    /// <summary>
    /// target[(start + i) · targetChannels + c] = d source[(start + i) · sourceChannels + c] / dt for the first
    /// <paramref name="channels"/> channels and i in [0, count).
    /// </summary>
    public static void Fill(double[] source, int sourceChannels, double[] target, int targetChannels, int channels,
        int start, int count, double samplesPerSecond)
    {
        for (int c = 0; c < channels; c++)
        {
            double At(int i) => source[(start + i) * sourceChannels + c];
            for (int i = 0; i < count; i++)
            {
                double slope = count == 1 ? 0
                    : i == 0 ? At(1) - At(0)
                    : i == count - 1 ? At(count - 1) - At(count - 2)
                    : (At(i + 1) - At(i - 1)) / 2;
                target[(start + i) * targetChannels + c] = slope * samplesPerSecond;
            }
        }
    }
}
