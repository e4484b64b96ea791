namespace Blend.Evaluation.Statistics;

/// <summary>
/// The regularized incomplete beta and gamma functions, from which the Student-t and normal tail probabilities of the
/// paired tests follow. Continued fractions by the modified Lentz method (Press et al., Numerical Recipes, 3rd ed.,
/// §6.2 and §6.4), converged to machine precision; agreement with scipy.special is ~1e-14 relative.
/// </summary>
public static class SpecialFunctions
{
    private const int MaxIterations = 10_000;
    private const double Epsilon = 1e-16;
    private const double Tiny = 1e-300;

    /// <summary>I_x(a, b), the regularized incomplete beta function, for a, b &gt; 0 and 0 ≤ x ≤ 1.</summary>
    public static double RegularizedBeta(double x, double a, double b)
    {
        if (double.IsNaN(x) || a <= 0 || b <= 0) return double.NaN;
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.Exp(LogGamma.Of(a + b) - LogGamma.Of(a) - LogGamma.Of(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) above.
        return x < (a + 1) / (a + b + 2)
            ? front * BetaContinuedFraction(x, a, b) / a
            : 1 - front * BetaContinuedFraction(1 - x, b, a) / b;
    }

    private static double BetaContinuedFraction(double x, double a, double b)
    {
        double c = 1, d = 1 - (a + b) * x / (a + 1);
        if (Math.Abs(d) < Tiny) d = Tiny;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= MaxIterations; m++)
        {
            int m2 = 2 * m;
            double numerator = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + numerator * d; if (Math.Abs(d) < Tiny) d = Tiny;
            c = 1 + numerator / c; if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d; h *= d * c;
            numerator = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + numerator * d; if (Math.Abs(d) < Tiny) d = Tiny;
            c = 1 + numerator / c; if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon) return h;
        }
        return h;
    }

    /// <summary>Q(a, x) = Γ(a, x) / Γ(a), the upper regularized incomplete gamma function, for a &gt; 0 and x ≥ 0.</summary>
    public static double UpperRegularizedGamma(double a, double x)
    {
        if (double.IsNaN(x) || a <= 0 || x < 0) return double.NaN;
        if (x == 0) return 1;
        if (double.IsPositiveInfinity(x)) return 0;
        double logFront = -x + a * Math.Log(x) - LogGamma.Of(a);
        if (x < a + 1)
        {
            // Series for P(a, x); Q = 1 − P loses nothing here because P is not close to 1.
            double term = 1 / a, sum = term, ap = a;
            for (int n = 0; n < MaxIterations; n++)
            {
                ap += 1; term *= x / ap; sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * Epsilon) break;
            }
            return 1 - sum * Math.Exp(logFront);
        }
        double b = x + 1 - a, c = 1 / Tiny, d = 1 / b, h = d;
        for (int i = 1; i <= MaxIterations; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b; if (Math.Abs(d) < Tiny) d = Tiny;
            c = b + an / c; if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon) break;
        }
        return Math.Exp(logFront) * h;
    }

    /// <summary>P(Z &gt; z) for a standard normal Z (scipy.stats.norm.sf), via erfc(x) = Q(½, x²).</summary>
    public static double NormalSurvival(double z)
    {
        if (double.IsNaN(z)) return double.NaN;
        double half = 0.5 * UpperRegularizedGamma(0.5, z * z / 2);
        return z >= 0 ? half : 1 - half;
    }

    /// <summary>P(|T| ≥ |t|) for Student's t with <paramref name="degreesOfFreedom"/> (two-sided p of a t statistic).</summary>
    public static double StudentTTwoSided(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t) || !(degreesOfFreedom > 0)) return double.NaN;
        if (double.IsInfinity(t)) return 0;
        return RegularizedBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
    }

    /// <summary>The t with P(T ≤ t) = <paramref name="probability"/> (scipy.stats.t.ppf), for 0 &lt; probability &lt; 1.</summary>
    public static double StudentTQuantile(double probability, double degreesOfFreedom)
    {
        if (!(probability > 0 && probability < 1) || !(degreesOfFreedom > 0)) return double.NaN;
        if (probability == 0.5) return 0;
        if (probability < 0.5) return -StudentTQuantile(1 - probability, degreesOfFreedom);
        double tail = 2 * (1 - probability); // the two-sided tail the quantile leaves
        double low = 0, high = 1;
        while (StudentTTwoSided(high, degreesOfFreedom) > tail) { low = high; high *= 2; }
        // Bisection on a monotone function: 200 halvings reach the last bit of any bracket.
        for (int i = 0; i < 200 && high - low > 4 * double.Epsilon * high; i++)
        {
            double mid = 0.5 * (low + high);
            if (StudentTTwoSided(mid, degreesOfFreedom) > tail) low = mid; else high = mid;
        }
        return 0.5 * (low + high);
    }
}
