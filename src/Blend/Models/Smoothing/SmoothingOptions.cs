namespace Blend.Models.Smoothing;

/// <summary>
/// The grid NLB's smoothing baseline is chosen from. nlb_tools' sweep (smoothing_cv_sweep.py) tries kernel σ 30–60 ms
/// at 5 ms bins and GLM α 10⁻³ … 1; the σ grid here is wider so coarser bins (20–25 ms) still get several distinct
/// windows. Kernels whose σ is under one bin, or whose window is longer than a trial, are skipped.
/// </summary>
public sealed record SmoothingOptions
{
    /// <summary>Gaussian kernel σ values to try, in ms.</summary>
    public IReadOnlyList<double> KernelSdMs { get; init; } = [20, 30, 40, 50, 60, 80, 100];

    /// <summary>L2 penalties α to try for the held-out GLMs.</summary>
    public IReadOnlyList<double> Alphas { get; init; } = [1e-3, 1e-2, 1e-1, 1];

    /// <summary>Added before the log of the smoothed counts (run_smoothing.py's log_offset).</summary>
    public double LogOffset { get; init; } = 1e-4;

    /// <summary>Held-out neurons fitted in parallel (each neuron's GLM is independent, so the result does not depend on it).</summary>
    public int Threads { get; init; } = 1;
}
