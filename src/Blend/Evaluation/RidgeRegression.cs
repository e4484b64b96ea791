using Blend.Data;
using System.Diagnostics;

namespace Blend.Evaluation;

/// <summary>
/// sklearn's Ridge (fit_intercept=True, "cholesky" solver) and GridSearchCV(Ridge(), {"alpha": ...}) with unshuffled
/// k-fold cross-validation and R² scoring, computed from per-fold sufficient statistics: one pass over the data builds
/// each fold's ZᵀZ, a split's training statistics are the sum of the other folds', centring is analytic, and every
/// (fold, alpha) costs one small Cholesky solve. Only scoring the test folds touches the rows again.
/// </summary>
public static class RidgeRegression
{
    /// <summary>Alpha nlb_tools uses when grid search is off.</summary>
    public const double NlbFixedAlpha = 1e-2;

    /// <summary>GridSearchCV's default cv=5.</summary>
    public const int NlbFolds = 5;

    /// <summary>
    /// np.logspace(-4, 0, 9), nlb_tools' alpha grid, as numpy evaluates it: its vectorised power rounds 1e-4 and 1e-1
    /// one ulp low, so the literals are numpy's rather than <see cref="LogSpace"/>'s correctly rounded ones.
    /// </summary>
    public static IReadOnlyList<double> NlbAlphas { get; } =
    [
        9.999999999999999e-05, 0.00031622776601683794, 0.001, 0.0031622776601683794, 0.01, 0.03162277660168379,
        0.09999999999999999, 0.31622776601683794, 1.0,
    ];

    /// <summary>Rows per scoring tile: predictions for all alphas of a tile stay in L1.</summary>
    private const int ScoreTileRows = 256;

    /// <summary>np.logspace(start, stop, num): 10 ** np.linspace(start, stop, num).</summary>
    public static double[] LogSpace(double start, double stop, int num)
    {
        var result = new double[num];
        double step = num > 1 ? (stop - start) / (num - 1) : 0.0;
        for (int i = 0; i < num; i++)
            result[i] = Math.Pow(10.0, num > 1 && i == num - 1 ? stop : i * step + start);
        return result;
    }

    /// <summary>Ridge(alpha).fit(x, y).</summary>
    public static RidgeModel Fit(RowMatrix x, RowMatrix y, double alpha)
    {
        Validate(x, y, 1);
        var (xShift, yShift) = Shifts(x, y);
        var stats = AugmentedGram.ForBlocks(x, y, xShift, yShift, [(0, x.Rows)])[0];
        RequireFinite(stats, x, y);
        return Solve(new CentredSystem(stats, xShift, yShift), alpha);
    }

    /// <summary>
    /// GridSearchCV(Ridge(), {"alpha": alphas}, cv=folds).fit(x, y): scores every alpha on every unshuffled fold,
    /// picks the first alpha with the best mean R² and refits it on all rows.
    /// </summary>
    public static RidgeGridSearchResult GridSearch(
        RowMatrix x, RowMatrix y, IReadOnlyList<double>? alphas = null, int folds = NlbFolds)
    {
        alphas ??= NlbAlphas;
        if (alphas.Count == 0) throw new ArgumentException("no alphas to search", nameof(alphas));
        Validate(x, y, folds);
        var blocks = KFold.TestBlocks(x.Rows, folds);
        var clock = Stopwatch.StartNew();

        var (xShift, yShift) = Shifts(x, y);
        var blockStats = AugmentedGram.ForBlocks(x, y, xShift, yShift, blocks);
        foreach (var stats in blockStats) RequireFinite(stats, x, y);
        var statisticsTime = clock.Elapsed;

        clock.Restart();
        var systems = new CentredSystem[folds];
        for (int fold = 0; fold < folds; fold++)
        {
            int held = fold;
            systems[fold] = new CentredSystem(
                AugmentedGram.Sum(blockStats.Where((_, index) => index != held)), xShift, yShift);
        }
        var models = new RidgeModel[folds, alphas.Count];
        Parallel.For(0, folds * alphas.Count, task =>
            models[task / alphas.Count, task % alphas.Count] =
                Solve(systems[task / alphas.Count], alphas[task % alphas.Count]));
        var solvesTime = clock.Elapsed;

        clock.Restart();
        var foldScores = new double[alphas.Count, folds];
        for (int fold = 0; fold < folds; fold++)
        {
            var row = ScoreFold(x, y, blocks[fold], Enumerable.Range(0, alphas.Count).Select(a => models[fold, a]).ToArray());
            for (int a = 0; a < alphas.Count; a++) foldScores[a, fold] = row[a];
        }
        var meanScores = new double[alphas.Count];
        for (int a = 0; a < alphas.Count; a++)
        {
            var perFold = new double[folds];
            for (int fold = 0; fold < folds; fold++) perFold[fold] = foldScores[a, fold];
            meanScores[a] = NumpySum.Mean(perFold);
        }
        int best = BestIndex(meanScores);
        var scoringTime = clock.Elapsed;

        clock.Restart();
        var bestModel = Solve(new CentredSystem(AugmentedGram.Sum(blockStats), xShift, yShift), alphas[best]);
        solvesTime += clock.Elapsed;

        return new RidgeGridSearchResult(bestModel, alphas.ToArray(), foldScores, meanScores, best,
            new RidgePhaseTimes(statisticsTime, solvesTime, scoringTime));
    }

    /// <summary>
    /// sklearn ranks mean scores with rankdata(method="min") and takes the first rank-1 candidate; failed (NaN)
    /// candidates rank as the worst, and if all failed the first wins.
    /// </summary>
    internal static int BestIndex(IReadOnlyList<double> meanScores)
    {
        int best = 0;
        for (int i = 1; i < meanScores.Count; i++)
            if (meanScores[i] > meanScores[best] || (double.IsNaN(meanScores[best]) && !double.IsNaN(meanScores[i])))
                best = i;
        return best;
    }

    /// <summary>
    /// R² (uniform over outputs) of each model on the test block: predictions for all models at once, squared
    /// residuals summed per fixed chunk and the chunks merged in order; SS_tot around the block's own mean.
    /// </summary>
    private static double[] ScoreFold(RowMatrix x, RowMatrix y, (int Start, int End) block, RidgeModel[] models)
    {
        int p = x.Cols, q = y.Cols, columns = models.Length * q;
        var weights = new double[p * columns];
        var bias = new double[columns];
        for (int m = 0; m < models.Length; m++)
            for (int c = 0; c < q; c++)
            {
                bias[m * q + c] = models[m].Intercepts[c];
                for (int i = 0; i < p; i++) weights[i * columns + m * q + c] = models[m].Coefficients[i * q + c];
            }
        var predictor = new LinearPredictor(weights, bias, p, columns);

        var chunks = new List<(int Start, int End)>();
        for (int start = block.Start; start < block.End; start += AugmentedGram.ChunkRows)
            chunks.Add((start, Math.Min(start + AugmentedGram.ChunkRows, block.End)));
        var partial = new double[chunks.Count][];
        Parallel.For(0, chunks.Count, index =>
        {
            var sums = new double[columns];
            var predictions = new double[ScoreTileRows * predictor.PaddedColumns];
            for (int first = chunks[index].Start; first < chunks[index].End; first += ScoreTileRows)
            {
                int rows = Math.Min(ScoreTileRows, chunks[index].End - first);
                predictor.Predict(x, first, rows, predictions);
                for (int k = 0; k < rows; k++)
                {
                    ReadOnlySpan<double> truth = y.Values.AsSpan((first + k) * q, q);
                    ReadOnlySpan<double> predicted = predictions.AsSpan(k * predictor.PaddedColumns, columns);
                    for (int col = 0; col < columns; col++)
                    {
                        double residual = truth[col % q] - predicted[col];
                        sums[col] += residual * residual;
                    }
                }
            }
            partial[index] = sums;
        });
        var residualSums = new double[columns];
        foreach (var sums in partial)
            for (int col = 0; col < columns; col++) residualSums[col] += sums[col];

        int count = block.End - block.Start;
        var scores = new double[models.Length];
        if (count < 2)
        {
            Array.Fill(scores, double.NaN); // sklearn's r2_score is undefined on fewer than two samples
            return scores;
        }
        var testY = new RowMatrix(count, q, y.Values.AsSpan(block.Start * q, count * q).ToArray());
        double[] totalSums = R2Score.TotalSumsOfSquares(testY);
        var perOutput = new double[q];
        for (int m = 0; m < models.Length; m++)
        {
            for (int c = 0; c < q; c++) perOutput[c] = R2Score.FromSums(residualSums[m * q + c], totalSums[c]);
            scores[m] = R2Score.Average(perOutput);
        }
        return scores;
    }

    /// <summary>
    /// The centred normal equations of one training set: Gc = XcᵀXc and Cc = XcᵀYc from shifted statistics
    /// (Σ(x − s)(x − s)ᵀ − n·d dᵀ with d the mean offset from the shift), and sklearn's X_offset / y_offset.
    /// </summary>
    private sealed class CentredSystem
    {
        public readonly int Features, Outputs;
        public readonly double[] Gram, Cross, XOffset, YOffset;

        public CentredSystem(AugmentedGram stats, double[] xShift, double[] yShift)
        {
            int p = Features = stats.Features, q = Outputs = stats.Outputs;
            double n = stats.Count;
            var xMean = new double[p];
            var yMean = new double[q];
            for (int i = 0; i < p; i++) xMean[i] = stats.FeatureSum(i) / n;
            for (int c = 0; c < q; c++) yMean[c] = stats.OutputSum(c) / n;
            Gram = new double[p * p];
            Cross = new double[p * q];
            for (int i = 0; i < p; i++)
            {
                for (int j = 0; j < p; j++) Gram[i * p + j] = stats[i, j] - stats.FeatureSum(i) * xMean[j];
                for (int c = 0; c < q; c++) Cross[i * q + c] = stats[i, p + c] - stats.FeatureSum(i) * yMean[c];
            }
            XOffset = new double[p];
            YOffset = new double[q];
            for (int i = 0; i < p; i++) XOffset[i] = xShift[i] + xMean[i];
            for (int c = 0; c < q; c++) YOffset[c] = yShift[c] + yMean[c];
        }
    }

    /// <summary>coef = (XcᵀXc + αI)⁻¹ XcᵀYc; intercept = y_offset − X_offset · coef (sklearn's _set_intercept).</summary>
    private static RidgeModel Solve(CentredSystem system, double alpha)
    {
        int p = system.Features, q = system.Outputs;
        double[] coefficients = CholeskySolver.Solve(system.Gram, p, alpha, system.Cross, q);
        var intercepts = new double[q];
        for (int c = 0; c < q; c++)
        {
            double dot = 0.0;
            for (int i = 0; i < p; i++) dot += system.XOffset[i] * coefficients[i * q + c];
            intercepts[c] = system.YOffset[c] - dot;
        }
        return new RidgeModel(alpha, p, q, coefficients, intercepts);
    }

    /// <summary>
    /// Column means of an evenly spaced sample of about 4096 rows: close enough to the true means to remove the
    /// cancellation from the normal equations, at a sliver of the cost of a full pass.
    /// </summary>
    private static (double[] XShift, double[] YShift) Shifts(RowMatrix x, RowMatrix y)
    {
        int stride = Math.Max(1, x.Rows / 4096);
        var xShift = new double[x.Cols];
        var yShift = new double[y.Cols];
        int count = 0;
        for (int row = 0; row < x.Rows; row += stride, count++)
        {
            ReadOnlySpan<double> xRow = x.Row(row), yRow = y.Row(row);
            for (int i = 0; i < xShift.Length; i++) xShift[i] += xRow[i];
            for (int c = 0; c < yShift.Length; c++) yShift[c] += yRow[c];
        }
        for (int i = 0; i < xShift.Length; i++) xShift[i] /= count;
        for (int c = 0; c < yShift.Length; c++) yShift[c] /= count;
        return (xShift, yShift);
    }

    private static void Validate(RowMatrix x, RowMatrix y, int minimumRows)
    {
        if (x.Rows != y.Rows)
            throw new MetricInputException(
                $"ridge: x {x.ShapeText} and y {y.ShapeText} must have the same number of rows");
        if (x.Cols == 0 || y.Cols == 0)
            throw new MetricInputException($"ridge: x {x.ShapeText} and y {y.ShapeText} need at least one column each");
        if (x.Rows < minimumRows)
            throw new MetricInputException($"ridge: {x.Rows} rows, need at least {minimumRows}");
    }

    /// <summary>
    /// A NaN or infinity anywhere in x or y makes a diagonal entry of ZᵀZ non-finite, so checking the diagonal
    /// replaces a scan of the data; only then do we search for the culprit to name it (sklearn rejects such input).
    /// </summary>
    private static void RequireFinite(AugmentedGram stats, RowMatrix x, RowMatrix y)
    {
        bool finite = true;
        for (int i = 0; i < stats.OnesColumn; i++) finite &= double.IsFinite(stats[i, i]);
        if (finite) return;
        foreach (var (matrix, name) in new[] { (x, "x (rates)"), (y, "y (behavior)") })
            for (int i = 0; i < matrix.Values.Length; i++)
                if (!double.IsFinite(matrix.Values[i]))
                    throw new MetricInputException(
                        $"ridge: {name} {matrix.ShapeText} contains {matrix.Values[i]} at row {i / matrix.Cols}, column {i % matrix.Cols}");
        throw new MetricInputException("ridge: sums of squares overflow; rescale the inputs");
    }
}
