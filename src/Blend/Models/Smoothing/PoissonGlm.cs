using Blend.Data;
using System.Numerics;
using Blend.Evaluation;

namespace Blend.Models.Smoothing;

/// <summary>
/// A Poisson GLM with log link and an L2 penalty on the weights (not the intercept): the minimiser of
/// (1/n) Σᵢ (exp(ηᵢ) − yᵢ ηᵢ) + α/2 ‖w‖², ηᵢ = b + xᵢ·w — scikit-learn's <c>PoissonRegressor(alpha)</c> objective
/// (its half Poisson deviance up to a constant), which NLB's smoothing baseline fits per held-out neuron. Solved by
/// damped Newton steps (Armijo backtracking) to a gradient of at most <see cref="Tolerance"/> — the objective is
/// strictly convex for α &gt; 0, so this is the same optimum scikit-learn's solvers approach (its lbfgs default stops
/// earlier, at tol=1e-4).
/// </summary>
public sealed class PoissonGlm
{
    /// <summary>Convergence threshold: the fit stops when the largest absolute gradient component is at most this.</summary>
    public const double Tolerance = 1e-9;
    /// <summary>Most Newton steps a fit takes.</summary>
    public const int MaxIterations = 100;

    private PoissonGlm(double intercept, double[] weights, int iterations, bool converged)
    {
        Intercept = intercept;
        Weights = weights;
        Iterations = iterations;
        Converged = converged;
    }

    /// <summary>Intercept b of the linear predictor η = b + x·w (not penalised).</summary>
    public double Intercept { get; }

    /// <summary>Weights w, one per feature column (p).</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>Newton steps taken (0 for a neuron that never fires).</summary>
    public int Iterations { get; }

    /// <summary>Whether the gradient reached <see cref="Tolerance"/> within <see cref="MaxIterations"/>.</summary>
    public bool Converged { get; }

    /// <summary>
    /// Fits the GLM. <paramref name="features"/> is n × p row-major; <paramref name="counts"/> holds y of row i at
    /// <c>counts[i * stride + column]</c> (a column of a rows × channels matrix). <paramref name="start"/> warm-starts
    /// the solver (a fit of the same data at another α). A neuron that never fires has no finite optimum (the intercept
    /// runs to −∞); it gets weights 0 and the intercept of a 1e-9 rate, the floor nlb_tools' scorer applies anyway.
    /// </summary>
    public static PoissonGlm Fit(RowMatrix features, double[] counts, int stride, int column, double alpha, PoissonGlm? start = null)
    {
        if (!(alpha > 0)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "the L2 penalty must be positive");
        int n = features.Rows, p = features.Cols, q = p + 1;
        var y = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) total += y[i] = counts[i * stride + column];
        if (total <= 0) return new PoissonGlm(Math.Log(PoissonLikelihood.ZeroRateReplacement), new double[p], 0, true);

        // θ = (b, w₁ … w_p); the intercept starts at log mean(y), where the gradient's intercept part is zero for w = 0.
        var theta = new double[q];
        if (start is not null)
        {
            theta[0] = start.Intercept;
            for (int j = 0; j < p; j++) theta[j + 1] = start.Weights[j];
        }
        else theta[0] = Math.Log(total / n);

        var eta = new double[n];
        var mu = new double[n];
        var gradient = new double[q];
        var hessian = new double[q * q];
        var candidate = new double[q];
        double objective = Evaluate(features, y, theta, alpha, eta, mu);
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            Gradient(features, y, mu, theta, alpha, gradient);
            double largest = gradient.Max(Math.Abs);
            if (largest <= Tolerance) return new PoissonGlm(theta[0], theta[1..], iteration, true);

            Hessian(features, mu, alpha, hessian);
            var step = CholeskySolver.Solve(hessian, q, 0, gradient, 1);
            double slope = 0;
            for (int j = 0; j < q; j++) slope -= gradient[j] * step[j];
            double size = 1, next = double.PositiveInfinity;
            bool accepted = false;
            for (int halving = 0; halving < 50 && !accepted; halving++, size /= 2)
            {
                for (int j = 0; j < q; j++) candidate[j] = theta[j] - size * step[j];
                next = Evaluate(features, y, candidate, alpha, eta, mu);
                accepted = next < objective && next <= objective + 1e-4 * size * slope;
            }
            if (!accepted) // no strict decrease along the Newton direction: the optimum is reached to rounding
                return new PoissonGlm(theta[0], theta[1..], iteration, largest <= Math.Sqrt(Tolerance));
            (theta, candidate) = (candidate, theta);
            objective = next;
        }
        Gradient(features, y, mu, theta, alpha, gradient);
        return new PoissonGlm(theta[0], theta[1..], MaxIterations, gradient.Max(Math.Abs) <= Tolerance);
    }

    /// <summary>exp(b + x·w) for every row of <paramref name="features"/> into <paramref name="rates"/>[i * stride + column].</summary>
    public void Predict(RowMatrix features, double[] rates, int stride, int column)
    {
        if (features.Cols != Weights.Count)
            throw new ArgumentException($"the GLM has {Weights.Count} weights, the features {features.Cols} columns", nameof(features));
        var w = (double[])Weights;
        for (int i = 0; i < features.Rows; i++)
            rates[i * stride + column] = Math.Exp(Intercept + Dot(features.Row(i), w));
    }

    private static double Evaluate(RowMatrix x, double[] y, double[] theta, double alpha, double[] eta, double[] mu)
    {
        var w = theta.AsSpan(1);
        double sum = 0;
        for (int i = 0; i < x.Rows; i++)
        {
            eta[i] = theta[0] + Dot(x.Row(i), w);
            mu[i] = Math.Exp(eta[i]);
            sum += mu[i] - y[i] * eta[i];
        }
        double penalty = 0;
        foreach (double v in w) penalty += v * v;
        return sum / x.Rows + alpha / 2 * penalty;
    }

    private static void Gradient(RowMatrix x, double[] y, double[] mu, double[] theta, double alpha, double[] gradient)
    {
        Array.Clear(gradient);
        var g = gradient.AsSpan(1);
        for (int i = 0; i < x.Rows; i++)
        {
            double r = mu[i] - y[i];
            gradient[0] += r;
            Axpy(r, x.Row(i), g);
        }
        for (int j = 0; j < gradient.Length; j++)
        {
            gradient[j] /= x.Rows;
            if (j > 0) gradient[j] += alpha * theta[j];
        }
    }

    /// <summary>Lower triangle of (1/n) X̃ᵀ diag(μ) X̃ + α diag(0, 1, …, 1), X̃ = [1, X]; row-wise rank-one updates.</summary>
    private static void Hessian(RowMatrix x, double[] mu, double alpha, double[] hessian)
    {
        int p = x.Cols, q = p + 1;
        Array.Clear(hessian);
        var weighted = new double[p];
        for (int i = 0; i < x.Rows; i++)
        {
            var row = x.Row(i);
            double m = mu[i];
            hessian[0] += m;
            for (int a = 0; a < p; a++) weighted[a] = m * row[a];
            for (int a = 0; a < p; a++)
            {
                // Row a + 1 of H: column 0 (intercept) then features 0..a.
                hessian[(a + 1) * q] += weighted[a];
                Axpy(weighted[a], row[..(a + 1)], hessian.AsSpan((a + 1) * q + 1, a + 1));
            }
        }
        for (int k = 0; k < q * q; k++) hessian[k] /= x.Rows;
        for (int a = 1; a < q; a++) hessian[a * q + a] += alpha;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int k = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            for (; k <= a.Length - Vector<double>.Count; k += Vector<double>.Count)
                acc += new Vector<double>(a[k..]) * new Vector<double>(b[k..]);
            sum = Vector.Sum(acc);
        }
        for (; k < a.Length; k++) sum += a[k] * b[k];
        return sum;
    }

    /// <summary>y += s · x.</summary>
    private static void Axpy(double s, ReadOnlySpan<double> x, Span<double> y)
    {
        int k = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var scale = new Vector<double>(s);
            for (; k <= x.Length - Vector<double>.Count; k += Vector<double>.Count)
                (new Vector<double>(y[k..]) + scale * new Vector<double>(x[k..])).CopyTo(y[k..]);
        }
        for (; k < x.Length; k++) y[k] += s * x[k];
    }
}
