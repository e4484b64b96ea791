namespace Blend.Evaluation;

/// <summary>
/// ln Γ(x) for x &gt; 0 to within a few ulp, replacing scipy.special.gammaln in the Poisson likelihood. Spike counts are
/// mostly small integers, so ln(y!) comes from a table. Other arguments: Stirling's series from 16 on; below, the
/// recurrence steps down to [1.5, 2.5) where a series about 2 (or about 1 below 1.5) needs no cancelling terms, which
/// keeps the error relative even near the roots x = 1 and 2.
/// </summary>
public static class LogGamma
{
    private const int TableSize = 1024;
    private const double StirlingFrom = 16.0;
    private const double HalfLogTwoPi = 0.91893853320467274178032973640562;

    // ln(k!) for k < TableSize. Compensated (Neumaier) summation keeps the sum within ~1 ulp: every log is positive,
    // so only the per-term rounding of Math.Log remains.
    private static readonly double[] LogFactorials = BuildLogFactorials();

    // B_2k / (2k (2k - 1)) for k = 1..8: Stirling's series for ln Γ, truncation error < 1e-20 from x = 16 on.
    private static readonly double[] StirlingCoefficients =
    [
        1.0 / 12.0, -1.0 / 360.0, 1.0 / 1260.0, -1.0 / 1680.0, 1.0 / 1188.0, -691.0 / 360360.0, 1.0 / 156.0,
        -3617.0 / 122400.0,
    ];

    private const double OneMinusEulerGamma = 0.42278433509846713939;

    // (−1)ⁿ (ζ(n) − 1) / n for n = 2..30 (mpmath, 50 digits).
    private static readonly double[] ZetaCoefficients =
    [
        0.3224670334241132, -0.0673523010531981, 0.020580808427784546, -0.007385551028673986, 0.0028905103307415234,
        -0.001192753911703261, 0.0005096695247430425, -0.00022315475845357939, 9.945751278180853e-05,
        -4.492623673813314e-05, 2.050721277567069e-05, -9.439488275268397e-06, 4.374866789907488e-06,
        -2.039215753801366e-06, 9.55141213040742e-07, -4.492469198764566e-07, 2.1207184805554665e-07,
        -1.0043224823968099e-07, 4.7698101693639804e-08, -2.2711094608943164e-08, 1.0838659214896955e-08,
        -5.183475041970047e-09, 2.4836745438024785e-09, -1.1921401405860912e-09, 5.731367241678862e-10,
        -2.7595228851242334e-10, 1.330476437424449e-10, -6.4229645638381e-11, 3.1044247747322276e-11,
    ];

    /// <summary>ln Γ(x) for x &gt; 0 (+∞ at +∞, NaN for NaN).</summary>
    public static double Of(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (!(x > 0)) throw new ArgumentOutOfRangeException(nameof(x), x, "LogGamma is defined here for x > 0 only");
        if (double.IsPositiveInfinity(x)) return double.PositiveInfinity;
        if (x == Math.Floor(x) && x <= TableSize) return LogFactorials[(int)x - 1];
        if (x >= StirlingFrom) return Stirling(x);
        if (x < 0.5) return NearOne(x) - Math.Log(x);          // Γ(x) = Γ(1 + x) / x
        if (x < 1.5) return NearOne(x - 1.0);
        // Γ(x) = (x − 1)(x − 2) … (r) Γ(r) with r in [1.5, 2.5); x − 1 is exact here, the product small.
        double product = 1.0, reduced = x;
        while (reduced >= 2.5) product *= --reduced;
        return NearTwo(reduced - 2.0) + Math.Log(product);
    }

    /// <summary>ln Γ(1 + z) for |z| ≤ 0.5 (A&amp;S 6.1.33): −ln(1 + z) + ln Γ(2 + z).</summary>
    private static double NearOne(double z) => -Math.Log(1.0 + z) + NearTwo(z);

    /// <summary>ln Γ(2 + z) = z (1 − γ) + Σ (−1)ⁿ (ζ(n) − 1) zⁿ / n for |z| ≤ 0.5; terms past n = 30 are &lt; 1e-20.</summary>
    private static double NearTwo(double z)
    {
        double series = 0.0;
        for (int k = ZetaCoefficients.Length - 1; k >= 0; k--) series = series * z + ZetaCoefficients[k];
        return z * (OneMinusEulerGamma + z * series);
    }

    /// <summary>ln(y!) = ln Γ(y + 1) for y ≥ 0, evaluated as scipy's gammaln(y + 1.0).</summary>
    public static double OfFactorial(double y)
    {
        if (y >= 0 && y < TableSize && y == Math.Floor(y)) return LogFactorials[(int)y];
        return Of(y + 1.0);
    }

    private static double Stirling(double x)
    {
        double inverse = 1.0 / x;
        double z = inverse * inverse;
        double series = 0.0;
        for (int k = StirlingCoefficients.Length - 1; k >= 0; k--) series = series * z + StirlingCoefficients[k];
        return (x - 0.5) * Math.Log(x) - x + HalfLogTwoPi + series * inverse;
    }

    private static double[] BuildLogFactorials()
    {
        var table = new double[TableSize];
        double sum = 0.0, compensation = 0.0;
        for (int k = 2; k < TableSize; k++)
        {
            double term = Math.Log(k);
            double t = sum + term;
            compensation += Math.Abs(sum) >= Math.Abs(term) ? (sum - t) + term : (term - t) + sum;
            sum = t;
            table[k] = sum + compensation;
        }
        return table;
    }
}
