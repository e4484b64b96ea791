namespace Blend.Evaluation.Identity;

/// <summary>
/// Least squares from the normal equations XᵀX β = Xᵀy, for the probes' small designs (a handful of regressors
/// of comparable scale). A regressor that is zero or a combination of earlier ones (a state that never occurs, a
/// state held for the whole window next to the intercept) gets coefficient 0 instead of breaking the solve: its
/// Cholesky pivot falls below 1e-10 of its own sum of squares and the column is dropped.
/// </summary>
internal static class OrdinaryLeastSquares
{
    private const double DropTolerance = 1e-10;

    /// <param name="gram">n × n row-major XᵀX; only the lower triangle is read.</param>
    /// <param name="cross">Xᵀy, length n.</param>
    /// <returns>β, length n, 0 at dropped columns.</returns>
    public static double[] Solve(double[] gram, double[] cross)
    {
        int n = cross.Length;
        var lower = new double[n * n];
        var kept = new bool[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                if (j < i && !kept[j]) continue;
                double sum = gram[i * n + j];
                for (int k = 0; k < j; k++) sum -= lower[i * n + k] * lower[j * n + k];
                if (j < i)
                {
                    lower[i * n + j] = sum / lower[j * n + j];
                    continue;
                }
                kept[i] = sum > DropTolerance * gram[i * n + i];
                if (kept[i]) lower[i * n + i] = Math.Sqrt(sum);
            }
            if (!kept[i])
                for (int j = 0; j < i; j++) lower[i * n + j] = 0;
        }
        var beta = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (!kept[i]) continue;
            double sum = cross[i];
            for (int k = 0; k < i; k++) sum -= lower[i * n + k] * beta[k];
            beta[i] = sum / lower[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            if (!kept[i]) continue;
            double sum = beta[i];
            for (int k = i + 1; k < n; k++) sum -= lower[k * n + i] * beta[k];
            beta[i] = sum / lower[i * n + i];
        }
        return beta;
    }
}
