namespace Blend.Evaluation;

/// <summary>
/// Solves (A + αI) X = B for symmetric positive-definite A by Cholesky factorisation, as scipy.linalg.solve(...,
/// assume_a="pos") does for sklearn's Ridge "cholesky" solver. Small dense systems (features × features).
/// </summary>
internal static class CholeskySolver
{
    /// <param name="a">n × n row-major; only the lower triangle is read.</param>
    /// <param name="n">Size of the system (rows and columns of A).</param>
    /// <param name="alpha">Ridge α added to A's diagonal before factorising.</param>
    /// <param name="b">n × m row-major right-hand sides.</param>
    /// <param name="m">Number of right-hand sides (columns of B and X).</param>
    /// <returns>X, n × m row-major.</returns>
    public static double[] Solve(double[] a, int n, double alpha, double[] b, int m)
    {
        var lower = Factor(a, n, alpha);
        var x = (double[])b.Clone();
        // L z = b, then Lᵀ x = z, column by column of the right-hand sides.
        for (int col = 0; col < m; col++)
        {
            for (int i = 0; i < n; i++)
            {
                double s = x[i * m + col];
                for (int k = 0; k < i; k++) s -= lower[i * n + k] * x[k * m + col];
                x[i * m + col] = s / lower[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--)
            {
                double s = x[i * m + col];
                for (int k = i + 1; k < n; k++) s -= lower[k * n + i] * x[k * m + col];
                x[i * m + col] = s / lower[i * n + i];
            }
        }
        return x;
    }

    private static double[] Factor(double[] a, int n, double alpha)
    {
        var lower = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> rowI = lower.AsSpan(i * n, i);
            for (int j = 0; j <= i; j++)
            {
                ReadOnlySpan<double> rowJ = lower.AsSpan(j * n, j);
                // The penalty goes on the diagonal before elimination, as sklearn adds alpha to XᵀX before solving.
                double s = (i == j ? a[i * n + j] + alpha : a[i * n + j]) - Dot(rowI[..j], rowJ);
                if (i == j)
                {
                    if (!(s > 0))
                        throw new MetricInputException(
                            $"ridge normal equations are not positive definite (alpha={alpha}, pivot {i} = {s}); are the rates finite and not all constant?");
                    lower[i * n + i] = Math.Sqrt(s);
                }
                else
                {
                    lower[i * n + j] = s / lower[j * n + j];
                }
            }
        }
        return lower;
    }

    private static double Dot(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        double s = 0.0;
        for (int k = 0; k < u.Length; k++) s += u[k] * v[k];
        return s;
    }
}
