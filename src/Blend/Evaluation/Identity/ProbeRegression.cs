namespace Blend.Evaluation.Identity;

/// <summary>
/// One session's probe regression: xₜ on an intercept, the shared regressors at t (columns given per frame t of the
/// fit) and the neuron's own xₜ₋₁, by ordinary least squares over t = 1 … frames − 1. The shared block of XᵀX is
/// computed once per session; each neuron adds its lag column and target.
/// </summary>
internal sealed class ProbeRegression
{
    private readonly double[][] _shared;
    private readonly double[] _sharedGram;
    private readonly int _frames;

    /// <param name="shared">Each shared regressor over frames 0 … frames − 1; row t of the fit reads index t.</param>
    /// <param name="frames">Frames in the fit window; the regression has frames − 1 rows (t ≥ 1 for the lag).</param>
    public ProbeRegression(IReadOnlyList<double[]> shared, int frames)
    {
        _frames = frames;
        _shared = [Enumerable.Repeat(1.0, frames).ToArray(), .. shared];
        int q = _shared.Length;
        _sharedGram = new double[q * q];
        for (int i = 0; i < q; i++)
            for (int j = 0; j <= i; j++)
                _sharedGram[i * q + j] = _sharedGram[j * q + i] = Dot(_shared[i], _shared[j], 1);
    }

    /// <summary>Slopes of the shared regressors then of the own lag (no intercept), and the residual variance (mean squared residual).</summary>
    public (double[] Slopes, double ResidualVariance) Fit(ReadOnlySpan<float> trace)
    {
        int q = _shared.Length, n = q + 1;
        var y = new double[_frames];
        var lag = new double[_frames];
        for (int t = 1; t < _frames; t++)
        {
            y[t] = trace[t];
            lag[t] = trace[t - 1];
        }
        var gram = new double[n * n];
        var cross = new double[n];
        for (int i = 0; i < q; i++)
        {
            for (int j = 0; j < q; j++) gram[i * n + j] = _sharedGram[i * q + j];
            gram[q * n + i] = gram[i * n + q] = Dot(_shared[i], lag, 1);
            cross[i] = Dot(_shared[i], y, 1);
        }
        gram[q * n + q] = Dot(lag, lag, 1);
        cross[q] = Dot(lag, y, 1);
        var beta = OrdinaryLeastSquares.Solve(gram, cross);

        double squares = 0;
        for (int t = 1; t < _frames; t++)
        {
            double fitted = beta[q] * lag[t];
            for (int i = 0; i < q; i++) fitted += beta[i] * _shared[i][t];
            squares += (y[t] - fitted) * (y[t] - fitted);
        }
        return (beta[1..], squares / (_frames - 1));
    }

    private static double Dot(double[] a, double[] b, int from)
    {
        double sum = 0;
        for (int t = from; t < a.Length; t++) sum += a[t] * b[t];
        return sum;
    }
}
