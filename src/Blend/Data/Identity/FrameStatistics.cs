namespace Blend.Data.Identity;

/// <summary>
/// Mean and standard deviation (ddof 0, numpy's <c>np.std</c>) across a set of neurons at every frame, from
/// neuron-major activity, in float64 with numpy's two passes. Reuses its buffers, so one instance serves a session.
/// </summary>
internal sealed class FrameStatistics(int frames)
{
    private readonly double[] _sums = new double[frames];
    private readonly double[] _squares = new double[frames];

    /// <summary>Writes the statistics of the given neurons' traces; both are 0 when the set is empty.</summary>
    public void MeanAndStd(float[] activity, ReadOnlySpan<int> neurons, Span<float> mean, Span<float> std)
    {
        if (neurons.Length == 0)
        {
            mean.Clear();
            std.Clear();
            return;
        }
        // Spans of one length let the JIT drop the bounds checks in the per-frame loops.
        Span<double> average = _sums.AsSpan(0, frames), squares = _squares.AsSpan(0, frames);
        average.Clear();
        squares.Clear();
        foreach (int n in neurons)
        {
            ReadOnlySpan<float> trace = activity.AsSpan(n * frames, frames);
            for (int t = 0; t < average.Length && t < trace.Length; t++) average[t] += trace[t];
        }
        double count = neurons.Length;
        for (int t = 0; t < average.Length; t++) average[t] /= count;
        foreach (int n in neurons)
        {
            ReadOnlySpan<float> trace = activity.AsSpan(n * frames, frames);
            for (int t = 0; t < squares.Length && t < trace.Length && t < average.Length; t++)
            {
                double d = trace[t] - average[t];
                squares[t] += d * d;
            }
        }
        for (int t = 0; t < frames; t++)
        {
            mean[t] = (float)average[t];
            std[t] = (float)Math.Sqrt(squares[t] / count);
        }
    }
}
