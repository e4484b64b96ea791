namespace Blend.Models.Smoothing;

/// <summary>One cell of the smoothing grid: the kernel (σ in ms and the window it gives at the data's bin width), the GLM's α, and its validation co-bps.</summary>
public sealed record SmoothingCandidate(double KernelSdMs, int WindowBins, double SdBins, double Alpha, double ValidationCoBps);
