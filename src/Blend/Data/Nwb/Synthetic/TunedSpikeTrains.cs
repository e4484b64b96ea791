using Blend.Data.Synthetic;

namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// Spike times of cosine-tuned Poisson units over the observed segments of a session (trials, or recording chunks).
/// A unit's rate at a millisecond follows the velocity <c>lag</c> ms later (held at the segment's last sample near
/// its end), so the behaviour "lags" the neurons as in the NLB tasks. Units run in parallel, each on its own random
/// stream, so the result does not depend on the thread count.
/// </summary>
internal static class TunedSpikeTrains
{
    /// <param name="units">One tuning per unit; the result holds one array of spike times (seconds) per unit, in this order.</param>
    /// <param name="segments">The observed stretches (trials or recording chunks); spikes fall only inside them.</param>
    /// <param name="velocity">samples × stride array; columns 0 and 1 are vx, vy (mm/s).</param>
    /// <param name="stride">Values per sample (row width) of <paramref name="velocity"/>.</param>
    /// <param name="ramp">Per-sample preparatory drive (0–1), or null for none.</param>
    /// <param name="lagMs">How many ms ahead of the rate the velocity is read (the behaviour lag).</param>
    /// <param name="seed">The session seed; unit u draws from <c>SeededRandom.For(seed, $"{purpose}/{u}")</c>.</param>
    /// <param name="purpose">Prefix of the per-unit random stream names, e.g. <c>mc_maze/spikes</c>.</param>
    public static double[][] Generate(IReadOnlyList<CosineTuning> units, IReadOnlyList<SpikeSegment> segments,
        double[] velocity, int stride, double[]? ramp, int lagMs, int seed, string purpose)
    {
        var result = new double[units.Count][];
        int longest = segments.Count == 0 ? 0 : segments.Max(s => s.Samples);
        Parallel.For(0, units.Count, () => new double[longest], (u, _, rates) =>
        {
            var unit = units[u];
            var clock = new PoissonSpikeClock(SeededRandom.For(seed, $"{purpose}/{u}"));
            var spikes = new List<double>();
            foreach (var segment in segments)
            {
                double prep = ramp is null ? 0 : unit.PrepFor(segment.ReachDirection);
                int n = segment.Samples;
                for (int i = 0; i < n; i++)
                {
                    int lagged = segment.Offset + Math.Min(i + lagMs, n - 1);
                    double drive = ramp is null ? 0 : prep * ramp[segment.Offset + i];
                    rates[i] = unit.RateHz(velocity[lagged * stride], velocity[lagged * stride + 1], drive);
                }
                clock.Add(segment.StartMs, rates.AsSpan(0, n), spikes);
            }
            result[u] = [.. spikes];
            return rates;
        }, _ => { });
        return result;
    }
}
