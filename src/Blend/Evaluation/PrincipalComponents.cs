using Blend.Data;

namespace Blend.Evaluation;

/// <summary>
/// Principal component analysis of rows × features data (sklearn's PCA without whitening): the top components of the
/// covariance by power iteration with deflation, each signed so its largest-magnitude loading is positive, so the same
/// data give the same projection.
/// </summary>
public sealed class PrincipalComponents
{
    private const int MaxIterations = 1000;
    private const double Tolerance = 1e-12;

    private PrincipalComponents(double[] mean, double[][] components, double[] explainedVarianceRatio)
    {
        Mean = mean;
        Components = components;
        ExplainedVarianceRatio = explainedVarianceRatio;
    }

    /// <summary>Feature means removed before projecting.</summary>
    public double[] Mean { get; }

    /// <summary>Unit-norm components, largest variance first.</summary>
    public double[][] Components { get; }

    /// <summary>Each component's share of the total variance.</summary>
    public double[] ExplainedVarianceRatio { get; }

    /// <summary>
    /// Fits the top <paramref name="count"/> components (at most the number of features) of the rows of <paramref name="x"/>,
    /// which needs at least 2 rows; the covariance is normalised by n − 1, as sklearn's.
    /// </summary>
    public static PrincipalComponents Fit(RowMatrix x, int count)
    {
        int n = x.Rows, d = x.Cols;
        if (n < 2) throw new ArgumentException($"PCA needs at least 2 rows, got {x.ShapeText}", nameof(x));
        count = Math.Min(count, d);
        var mean = new double[d];
        for (int r = 0; r < n; r++)
        {
            var row = x.Row(r);
            for (int j = 0; j < d; j++) mean[j] += row[j];
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        var covariance = new double[d, d];
        var centred = new double[d];
        for (int r = 0; r < n; r++)
        {
            var row = x.Row(r);
            for (int j = 0; j < d; j++) centred[j] = row[j] - mean[j];
            for (int i = 0; i < d; i++)
            {
                double ci = centred[i];
                if (ci == 0) continue;
                for (int j = i; j < d; j++) covariance[i, j] += ci * centred[j];
            }
        }
        double total = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = i; j < d; j++)
            {
                covariance[i, j] /= n - 1;
                covariance[j, i] = covariance[i, j];
            }
            total += covariance[i, i];
        }
        var components = new double[count][];
        var ratios = new double[count];
        for (int k = 0; k < count; k++)
        {
            var (vector, value) = LeadingEigenvector(covariance, d, k);
            components[k] = vector;
            ratios[k] = total > 0 ? value / total : 0;
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) covariance[i, j] -= value * vector[i] * vector[j];
        }
        return new PrincipalComponents(mean, components, ratios);
    }

    /// <summary>Rows × components: (x − mean) · components.</summary>
    public RowMatrix Transform(RowMatrix x)
    {
        var result = new RowMatrix(x.Rows, Components.Length);
        for (int r = 0; r < x.Rows; r++)
        {
            var row = x.Row(r);
            for (int k = 0; k < Components.Length; k++)
            {
                double sum = 0;
                for (int j = 0; j < row.Length; j++) sum += (row[j] - Mean[j]) * Components[k][j];
                result[r, k] = sum;
            }
        }
        return result;
    }

    private static (double[] Vector, double Value) LeadingEigenvector(double[,] matrix, int d, int seed)
    {
        // A fixed, generic start (not orthogonal to any component in practice); power iteration from it.
        var v = Enumerable.Range(0, d).Select(i => 1.0 + 0.01 * ((i * 7919 + seed * 104729) % 101)).ToArray();
        Normalize(v);
        double value = 0;
        var next = new double[d];
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            for (int i = 0; i < d; i++)
            {
                double sum = 0;
                for (int j = 0; j < d; j++) sum += matrix[i, j] * v[j];
                next[i] = sum;
            }
            double norm = Math.Sqrt(next.Sum(a => a * a));
            if (norm == 0) return (v, 0);
            for (int i = 0; i < d; i++) next[i] /= norm;
            double change = 0;
            for (int i = 0; i < d; i++) change = Math.Max(change, Math.Abs(next[i] - v[i]));
            (v, next) = (next, v);
            value = norm;
            if (change < Tolerance) break;
        }
        int largest = 0;
        for (int i = 1; i < d; i++) if (Math.Abs(v[i]) > Math.Abs(v[largest])) largest = i;
        if (v[largest] < 0) for (int i = 0; i < d; i++) v[i] = -v[i];
        return (v, value);
    }

    private static void Normalize(double[] v)
    {
        double norm = Math.Sqrt(v.Sum(a => a * a));
        for (int i = 0; i < v.Length; i++) v[i] /= norm;
    }
}
