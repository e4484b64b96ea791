using Blend.Data.Synthetic;

namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// A unit's rate: a baseline, plus a gain on the velocity along its preferred direction (cosine tuning), plus a
/// preparatory drive scaled by how close the reach direction is to its preferred preparatory direction; never
/// below zero.
/// </summary>
internal sealed class CosineTuning
{
    private readonly double _cos, _sin;

    private CosineTuning(double baselineHz, double gainPer100, double direction, double prepGainHz, double prepDirection)
    {
        BaselineHz = baselineHz;
        GainPer100MmPerSecond = gainPer100;
        PrepGainHz = prepGainHz;
        PrepDirection = prepDirection;
        _cos = Math.Cos(direction) * gainPer100 / 100;
        _sin = Math.Sin(direction) * gainPer100 / 100;
    }

    public double BaselineHz { get; }
    public double GainPer100MmPerSecond { get; }
    public double PrepGainHz { get; }
    public double PrepDirection { get; }

    public static CosineTuning Draw(SeededRandom random, (double Low, double High) baselineHz, (double Low, double High) gain, double prepGainHz) =>
        new(random.Uniform(baselineHz.Low, baselineHz.High), random.Uniform(gain.Low, gain.High), random.Uniform(0, 2 * Math.PI),
            random.Uniform(0, prepGainHz), random.Uniform(0, 2 * Math.PI));

    /// <summary>The preparatory gain for a reach in this direction (negative when it points away).</summary>
    public double PrepFor(double reachDirection) => PrepGainHz * Math.Cos(reachDirection - PrepDirection);

    public double RateHz(double vx, double vy, double prep) => Math.Max(0, BaselineHz + _cos * vx + _sin * vy + prep);
}
