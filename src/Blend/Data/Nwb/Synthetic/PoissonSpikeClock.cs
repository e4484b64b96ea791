using Blend.Data.Synthetic;

namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// One unit's inhomogeneous Poisson spike train by time rescaling: spikes fall where the integrated rate passes
/// successive unit-exponential thresholds. Rates are given per 1 ms sample (piecewise constant), and each spike
/// lands on the 30 kHz clock of the DANDI files at its exact position within the millisecond. One random draw per
/// spike, so a long session costs little more than summing its rates.
/// </summary>
internal sealed class PoissonSpikeClock(SeededRandom random)
{
    public const int TicksPerSecond = 30000;
    private const int TicksPerMs = TicksPerSecond / 1000;

    private double _untilNext = Exponential(random);

    /// <summary>Appends the spikes of the milliseconds startMs, startMs + 1, … with these rates (Hz).</summary>
    public void Add(long startMs, ReadOnlySpan<double> ratesHz, List<double> spikes)
    {
        for (int i = 0; i < ratesHz.Length; i++)
        {
            double mass = Math.Max(0, ratesHz[i]) * 0.001;
            double used = 0;
            while (mass * (1 - used) >= _untilNext)
            {
                used += _untilNext / mass;
                long tick = (startMs + i) * TicksPerMs + Math.Min(TicksPerMs - 1, (int)(used * TicksPerMs));
                spikes.Add(tick / (double)TicksPerSecond);
                _untilNext = Exponential(random);
            }
            _untilNext -= mass * (1 - used);
        }
    }

    private static double Exponential(SeededRandom random) => -Math.Log(1 - random.Uniform());
}
