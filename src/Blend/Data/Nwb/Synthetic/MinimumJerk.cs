namespace Blend.Data.Nwb.Synthetic;

/// <summary>The minimum-jerk reach profile: the fraction of the distance covered at normalised time τ ∈ [0, 1].</summary>
internal static class MinimumJerk
{
    public static double Fraction(double tau)
    {
        double t = Math.Clamp(tau, 0, 1);
        return t * t * t * (10 - 15 * t + 6 * t * t);
    }

    /// <summary>Peak speed of a minimum-jerk reach: 1.875 × distance / duration.</summary>
    public static double PeakSpeed(double distance, double durationSeconds) => 1.875 * distance / durationSeconds;
}
