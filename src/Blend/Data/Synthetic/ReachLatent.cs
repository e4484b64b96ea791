namespace Blend.Data.Synthetic;

/// <summary>
/// The behavior-relevant latent: a 2-D reach, r(t) = A · s(t) · (cos θ, sin θ), with a bell-shaped speed profile
/// s(t) peaking at a per-trial time and a direction θ set by the condition plus a per-trial deviation. Hand
/// velocity is read from r (with a lag, noise and gain); the neurons see r only weakly, so its per-trial part
/// (timing, direction deviation, amplitude) is what behavior reveals better than the spikes do.
/// </summary>
public sealed class ReachLatent
{
    /// <summary>Peak time as a fraction of the main window (movement onset sits before it, as in MC_Maze).</summary>
    public double PeakFraction { get; init; } = 0.45;

    /// <summary>Speed-profile width as a fraction of the main window.</summary>
    public double WidthFraction { get; init; } = 0.12;

    /// <summary>Per-trial standard deviation of the peak time, as a fraction of the main window (reaction times).</summary>
    public double PeakJitterFraction { get; init; } = 0.08;

    /// <summary>Per-trial standard deviation of the reach direction, radians.</summary>
    public double DirectionJitter { get; init; } = 0.35;

    /// <summary>Per-trial standard deviation of the relative amplitude.</summary>
    public double AmplitudeJitter { get; init; } = 0.2;

    /// <summary>The reach latent is 2-D (x, y), as is the hand velocity read from it.</summary>
    public const int Dimensions = 2;

    /// <summary>The condition's reach direction: conditions spread evenly around the circle.</summary>
    public static double ConditionDirection(int condition, int conditions) => 2 * Math.PI * condition / conditions;

    /// <summary>bins × 2 (C order) for one trial of a condition, over <paramref name="bins"/> bins of which the first
    /// <paramref name="mainBins"/> form the main window.</summary>
    public double[] Simulate(int condition, int conditions, int bins, int mainBins, SeededRandom random)
    {
        double direction = ConditionDirection(condition, conditions) + random.Normal(0, DirectionJitter);
        double peak = mainBins * (PeakFraction + random.Normal(0, PeakJitterFraction));
        double width = mainBins * WidthFraction;
        double amplitude = Math.Max(0.2, 1 + random.Normal(0, AmplitudeJitter));
        double cos = Math.Cos(direction), sin = Math.Sin(direction);
        var latent = new double[bins * Dimensions];
        for (int t = 0; t < bins; t++)
        {
            double z = (t - peak) / width;
            double speed = amplitude * Math.Exp(-0.5 * z * z);
            latent[2 * t] = speed * cos;
            latent[2 * t + 1] = speed * sin;
        }
        return latent;
    }
}
