using Blend.Data;

namespace Blend.Models.Smoothing;

/// <summary>
/// The smoothing kernel of NLB's smoothing baseline (nlb_tools examples/baselines/smoothing/run_smoothing.py):
/// <c>scipy.signal.gaussian(int(6 σ / bin), int(σ / bin), sym=True)</c> normalised to sum 1 — both sizes truncated to
/// whole bins, as there — applied along time within each trial and channel as <c>np.convolve(x, w, 'same')</c>
/// (zero padding at the trial's edges, output aligned on the window's centre sample (M − 1) / 2).
/// </summary>
public sealed class GaussianWindow
{
    private readonly double[] _weights;

    /// <param name="length">Window length M in bins (≥ 1).</param>
    /// <param name="sdBins">Standard deviation in bins (&gt; 0).</param>
    public GaussianWindow(int length, double sdBins)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), length, "the window needs at least one bin");
        if (!(sdBins > 0)) throw new ArgumentOutOfRangeException(nameof(sdBins), sdBins, "the standard deviation must be positive");
        Length = length;
        SdBins = sdBins;
        _weights = new double[length];
        double sum = 0;
        for (int j = 0; j < length; j++)
        {
            double n = j - (length - 1) / 2.0;
            _weights[j] = Math.Exp(-(n * n) / (2 * sdBins * sdBins));
            sum += _weights[j];
        }
        for (int j = 0; j < length; j++) _weights[j] /= sum;
    }

    /// <summary>
    /// NLB's window for a kernel of <paramref name="kernelSdMs"/> at <paramref name="binMs"/> bins, or null where it is
    /// degenerate there (σ shorter than one bin: scipy would divide by zero).
    /// </summary>
    public static GaussianWindow? ForKernel(double kernelSdMs, double binMs)
    {
        int length = (int)(6 * kernelSdMs / binMs);
        int sd = (int)(kernelSdMs / binMs);
        return sd < 1 || length < 1 ? null : new GaussianWindow(length, sd);
    }

    /// <summary>Window length M, in bins.</summary>
    public int Length { get; }

    /// <summary>Standard deviation of the Gaussian, in bins.</summary>
    public double SdBins { get; }

    /// <summary>The normalised weights.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>
    /// Every trial and channel of <paramref name="values"/> smoothed along time. The window must not be longer than the
    /// trials: np.convolve would then return the window's length instead of the trial's.
    /// </summary>
    public Array3 Smooth(Array3 values)
    {
        int time = values.Time, channels = values.Channels;
        if (Length > time)
            throw new ArgumentException($"a {Length}-bin smoothing window is longer than the {time}-bin trials", nameof(values));
        var result = new Array3(values.Trials, time, channels);
        int centre = (Length - 1) / 2;
        var source = values.Values;
        var target = result.Values;
        for (int trial = 0; trial < values.Trials; trial++)
        {
            int offset = trial * time * channels;
            for (int t = 0; t < time; t++)
            {
                // Output t is full-convolution index t + centre: Σ_j w[j] x[t + centre − j] over the bins inside the trial.
                var destination = target.AsSpan(offset + t * channels, channels);
                int first = Math.Max(0, t + centre - time + 1), last = Math.Min(Length - 1, t + centre);
                for (int j = first; j <= last; j++)
                {
                    double w = _weights[j];
                    var row = source.AsSpan(offset + (t + centre - j) * channels, channels);
                    for (int c = 0; c < channels; c++) destination[c] += w * row[c];
                }
            }
        }
        return result;
    }
}
