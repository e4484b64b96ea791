namespace Blend.Training;

/// <summary>
/// pytorch_transformers' <c>WarmupCosineSchedule</c> (NDT's schedule): the learning-rate multiplier at position e
/// (an epoch, as the reference steps it, or an optimizer step) is e / W during warmup, then
/// ½·(1 + cos(π·(e − W) / (total − W))), floored at 0 (or 1 without <paramref name="Decay"/>). Position 0 therefore has
/// multiplier 0 when W &gt; 0.
/// </summary>
public sealed record WarmupCosineSchedule(long Warmup, long Total, bool Decay = true)
{
    /// <summary>The factor the peak learning rate is multiplied by at <paramref name="position"/> (0-based epoch or step), in [0, 1].</summary>
    public double Multiplier(long position)
    {
        if (position < Warmup) return position / (double)Math.Max(1, Warmup);
        if (!Decay) return 1;
        double progress = (position - Warmup) / (double)Math.Max(1, Total - Warmup);
        return Math.Max(0, 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
