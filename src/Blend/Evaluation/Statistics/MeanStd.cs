namespace Blend.Evaluation.Statistics;

/// <summary>Mean and sample standard deviation (n − 1; 0 for one value) of a metric over replicates.</summary>
public sealed record MeanStd(double Mean, double Std, int N)
{
    /// <summary>The mean and sample SD of <paramref name="values"/>; NaN for both (N = 0) when there are none.</summary>
    public static MeanStd Of(IReadOnlyList<double> values)
    {
        int n = values.Count;
        if (n == 0) return new MeanStd(double.NaN, double.NaN, 0);
        double mean = values.Sum() / n;
        double std = n > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1)) : 0;
        return new MeanStd(mean, std, n);
    }
}
