using Blend.Data;

namespace Blend.Evaluation.Identity;

/// <summary>
/// scikit-learn's <c>make_pipeline(StandardScaler(), LogisticRegression(class_weight='balanced', C=c))</c> with the
/// default lbfgs solver and <c>multi_class='auto'</c>: a binary logistic regression for two classes, a multinomial
/// one for more. It minimises Σᵢ sᵢ·(−log pᵢ,yᵢ) + ‖W‖² / (2C), the intercepts unpenalised, with sᵢ = n / (K·n_yᵢ)
/// over the K classes present. We solve it by Newton's method with a backtracking line search to the exact optimum
/// (lbfgs stops at tol 1e-4), so coefficients agree with a tightly converged scikit-learn fit. The multinomial
/// intercepts are defined up to a common shift; as scikit-learn's (started at zero) they sum to zero.
/// </summary>
public static class BalancedLogisticRegression
{
    /// <summary>scikit-learn's default inverse regularisation strength.</summary>
    public const double DefaultC = 1.0;

    private const int MaxIterations = 200;

    /// <summary>
    /// Fits the pipeline on rows <paramref name="x"/> (samples × features, finite) with one label per row; needs at
    /// least two distinct labels and <paramref name="c"/> &gt; 0 (smaller <paramref name="c"/>: stronger L2 penalty).
    /// </summary>
    public static LogisticModel Fit(RowMatrix x, IReadOnlyList<int> labels, double c = DefaultC)
    {
        if (x.Rows != labels.Count)
            throw new MetricInputException($"logistic regression: x {x.ShapeText} with {labels.Count} labels");
        if (!(c > 0)) throw new MetricInputException($"logistic regression: C must be > 0, got {c}");
        foreach (double v in x.Values)
            if (!double.IsFinite(v)) throw new MetricInputException($"logistic regression: x {x.ShapeText} contains {v}");
        var classes = labels.Distinct().Order().ToArray();
        if (classes.Length < 2)
            throw new MetricInputException(
                $"logistic regression: needs samples of at least 2 classes, the training labels are all {(classes.Length == 0 ? "absent" : classes[0])}");

        var scaler = StandardScaler.Fit(x);
        var problem = new Problem(scaler.Transform(x), labels.Select(l => Array.BinarySearch(classes, l)).ToArray(), classes.Length, c);
        var theta = problem.Minimise();

        int p = x.Cols, rows = problem.FreeRows;
        var coefficients = new double[rows * p];
        var intercepts = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            Array.Copy(theta, r * (p + 1), coefficients, r * p, p);
            intercepts[r] = theta[r * (p + 1) + p];
        }
        if (rows > 1)
        {
            double shift = intercepts.Average();
            for (int r = 0; r < rows; r++) intercepts[r] -= shift;
        }
        return new LogisticModel(scaler, classes, coefficients, intercepts);
    }

    /// <summary>
    /// The penalised, weighted log-loss over parameters θ = (w_r, b_r) for each free logit row r. With two classes the
    /// only free row is the second class's logit (the first is fixed at 0); otherwise every class has a row.
    /// </summary>
    private sealed class Problem
    {
        private readonly RowMatrix _x;
        private readonly int[] _y;
        private readonly double[] _weights;
        private readonly int _classes, _features;
        private readonly double _inverseC;

        public Problem(RowMatrix x, int[] y, int classes, double c)
        {
            _x = x;
            _y = y;
            _classes = classes;
            _features = x.Cols;
            _inverseC = 1.0 / c;
            var counts = new int[classes];
            foreach (int label in y) counts[label]++;
            _weights = y.Select(label => y.Length / (double)(classes * counts[label])).ToArray();
            FreeRows = classes == 2 ? 1 : classes;
        }

        public int FreeRows { get; }

        private int Width => _features + 1;

        private int Dimension => FreeRows * Width;

        /// <summary>The class whose logit free row r is.</summary>
        private int ClassOf(int row) => _classes == 2 ? 1 : row;

        public double[] Minimise()
        {
            var theta = new double[Dimension];
            double value = Objective(theta);
            for (int iteration = 0; iteration < MaxIterations; iteration++)
            {
                var (gradient, hessian) = Derivatives(theta);
                var step = NewtonStep(hessian, gradient);
                double slope = 0;
                for (int k = 0; k < step.Length; k++) slope += gradient[k] * step[k];
                // −slope is the squared Newton decrement, twice the predicted decrease: stop at rounding level.
                double decrement = -slope, scale = Math.Max(1.0, value);
                if (!(decrement > 1e-24 * scale)) break;
                if (decrement < 1e-8 * scale)
                {
                    // Inside the quadratic region the full step is right; comparing objectives there is rounding noise.
                    double largest = 0, size = 0;
                    for (int k = 0; k < theta.Length; k++)
                    {
                        theta[k] += step[k];
                        largest = Math.Max(largest, Math.Abs(theta[k]));
                        size = Math.Max(size, Math.Abs(step[k]));
                    }
                    value = Objective(theta);
                    if (size <= 1e-15 * (1 + largest)) break;
                    continue;
                }
                double t = 1.0;
                var trial = new double[theta.Length];
                double trialValue;
                while (true)
                {
                    for (int k = 0; k < theta.Length; k++) trial[k] = theta[k] + t * step[k];
                    trialValue = Objective(trial);
                    if (trialValue <= value + 1e-4 * t * slope || t < 1e-12) break;
                    t *= 0.5;
                }
                if (!(trialValue < value)) break;
                (theta, value) = (trial, trialValue);
            }
            return theta;
        }

        /// <summary>Class probabilities of sample i under θ (a softmax over the logits, the fixed ones 0).</summary>
        private void Probabilities(double[] theta, int i, Span<double> probabilities)
        {
            ReadOnlySpan<double> row = _x.Row(i);
            probabilities.Clear();
            for (int r = 0; r < FreeRows; r++)
            {
                ReadOnlySpan<double> w = theta.AsSpan(r * Width, _features);
                double z = theta[r * Width + _features];
                for (int j = 0; j < _features; j++) z += w[j] * row[j];
                probabilities[ClassOf(r)] = z;
            }
            double max = double.NegativeInfinity;
            foreach (double z in probabilities) max = Math.Max(max, z);
            double sum = 0;
            for (int k = 0; k < _classes; k++) sum += probabilities[k] = Math.Exp(probabilities[k] - max);
            for (int k = 0; k < _classes; k++) probabilities[k] /= sum;
        }

        private double Objective(double[] theta)
        {
            Span<double> probabilities = stackalloc double[_classes];
            double loss = 0;
            for (int i = 0; i < _x.Rows; i++)
            {
                // −log p from the logits directly, so a confident wrong prediction costs its full margin.
                ReadOnlySpan<double> row = _x.Row(i);
                probabilities.Clear();
                for (int r = 0; r < FreeRows; r++)
                {
                    double z = theta[r * Width + _features];
                    for (int j = 0; j < _features; j++) z += theta[r * Width + j] * row[j];
                    probabilities[ClassOf(r)] = z;
                }
                double max = double.NegativeInfinity;
                foreach (double z in probabilities) max = Math.Max(max, z);
                double sum = 0;
                foreach (double z in probabilities) sum += Math.Exp(z - max);
                loss += _weights[i] * (max + Math.Log(sum) - probabilities[_y[i]]);
            }
            return loss + 0.5 * _inverseC * Penalty(theta);
        }

        private double Penalty(double[] theta)
        {
            double sum = 0;
            for (int r = 0; r < FreeRows; r++)
                for (int j = 0; j < _features; j++) sum += theta[r * Width + j] * theta[r * Width + j];
            return sum;
        }

        /// <summary>
        /// Gradient Σ sᵢ (pᵢ − eᵧ) x̃ᵢ + W/C and Hessian Σ sᵢ (diag pᵢ − pᵢpᵢᵀ) ⊗ x̃ᵢx̃ᵢᵀ + I/C (weights only), x̃ = (x, 1).
        /// </summary>
        private (double[] Gradient, double[] Hessian) Derivatives(double[] theta)
        {
            int d = Dimension, width = Width;
            var gradient = new double[d];
            var hessian = new double[d * d];
            Span<double> probabilities = stackalloc double[_classes];
            var augmented = new double[width];
            augmented[_features] = 1.0;
            for (int i = 0; i < _x.Rows; i++)
            {
                Probabilities(theta, i, probabilities);
                _x.Row(i).CopyTo(augmented);
                double s = _weights[i];
                for (int r = 0; r < FreeRows; r++)
                {
                    int cr = ClassOf(r);
                    double residual = s * (probabilities[cr] - (_y[i] == cr ? 1.0 : 0.0));
                    for (int j = 0; j < width; j++) gradient[r * width + j] += residual * augmented[j];
                    for (int q = 0; q <= r; q++)
                    {
                        int cq = ClassOf(q);
                        double a = s * probabilities[cr] * ((cr == cq ? 1.0 : 0.0) - probabilities[cq]);
                        if (a == 0) continue;
                        for (int j = 0; j < width; j++)
                        {
                            double aj = a * augmented[j];
                            int offset = (r * width + j) * d + q * width;
                            for (int k = 0; k < width; k++) hessian[offset + k] += aj * augmented[k];
                        }
                    }
                }
            }
            for (int r = 0; r < FreeRows; r++)
                for (int j = 0; j < _features; j++)
                {
                    int k = r * width + j;
                    gradient[k] += _inverseC * theta[k];
                    hessian[k * d + k] += _inverseC;
                }
            return (gradient, hessian);
        }

        /// <summary>
        /// Solves H δ = −g by Cholesky (lower triangle of H). A jitter of 1e-12 · max diagonal makes the multinomial
        /// Hessian, singular along a common intercept shift, positive definite; g has no component along that shift.
        /// </summary>
        private static double[] NewtonStep(double[] hessian, double[] gradient)
        {
            int d = gradient.Length;
            double maxDiagonal = 0;
            for (int k = 0; k < d; k++) maxDiagonal = Math.Max(maxDiagonal, hessian[k * d + k]);
            double jitter = 1e-12 * Math.Max(maxDiagonal, 1.0);
            var lower = new double[d * d];
            for (int i = 0; i < d; i++)
                for (int j = 0; j <= i; j++)
                {
                    double sum = hessian[i * d + j] + (i == j ? jitter : 0);
                    for (int k = 0; k < j; k++) sum -= lower[i * d + k] * lower[j * d + k];
                    if (i == j)
                        lower[i * d + i] = Math.Sqrt(Math.Max(sum, jitter));
                    else
                        lower[i * d + j] = sum / lower[j * d + j];
                }
            var step = new double[d];
            for (int i = 0; i < d; i++)
            {
                double sum = -gradient[i];
                for (int k = 0; k < i; k++) sum -= lower[i * d + k] * step[k];
                step[i] = sum / lower[i * d + i];
            }
            for (int i = d - 1; i >= 0; i--)
            {
                double sum = step[i];
                for (int k = i + 1; k < d; k++) sum -= lower[k * d + i] * step[k];
                step[i] = sum / lower[i * d + i];
            }
            return step;
        }
    }
}
