using Blend.Data;
namespace Blend.Evaluation;

/// <summary>A fitted ridge regression y = x W + b (sklearn's coef_.T and intercept_).</summary>
public sealed class RidgeModel
{
    /// <summary>Rows predicted per parallel work item; fixed, and predictions do not depend on it anyway.</summary>
    private const int RowsPerTask = 4096;

    /// <summary>The L2 penalty α of the fit (sklearn's <c>Ridge(alpha=…)</c>).</summary>
    public double Alpha { get; }
    /// <summary>Input columns (e.g. neurons' rates).</summary>
    public int Features { get; }
    /// <summary>Predicted columns (e.g. behavior channels).</summary>
    public int Outputs { get; }

    /// <summary>W, features × outputs row-major.</summary>
    public double[] Coefficients { get; }

    /// <summary>b, one per output.</summary>
    public double[] Intercepts { get; }

    /// <summary>
    /// A model from its penalty, shape, <paramref name="coefficients"/> (features × outputs row-major) and one intercept
    /// per output; arrays of another length throw.
    /// </summary>
    public RidgeModel(double alpha, int features, int outputs, double[] coefficients, double[] intercepts)
    {
        if (coefficients.Length != features * outputs)
            throw new ArgumentException($"{coefficients.Length} coefficients for {features} × {outputs}", nameof(coefficients));
        if (intercepts.Length != outputs)
            throw new ArgumentException($"{intercepts.Length} intercepts for {outputs} outputs", nameof(intercepts));
        Alpha = alpha;
        Features = features;
        Outputs = outputs;
        Coefficients = coefficients;
        Intercepts = intercepts;
    }

    /// <summary>x W + b for every row of x.</summary>
    public RowMatrix Predict(RowMatrix x)
    {
        if (x.Cols != Features)
            throw new MetricInputException($"ridge model has {Features} features, x has shape {x.ShapeText}");
        var predictor = new LinearPredictor(Coefficients, Intercepts, Features, Outputs);
        var result = new RowMatrix(x.Rows, Outputs);
        int tasks = (x.Rows + RowsPerTask - 1) / RowsPerTask;
        Parallel.For(0, tasks, task =>
        {
            int first = task * RowsPerTask, rows = Math.Min(RowsPerTask, x.Rows - first);
            var scratch = new double[rows * predictor.PaddedColumns];
            predictor.Predict(x, first, rows, scratch);
            for (int k = 0; k < rows; k++)
                scratch.AsSpan(k * predictor.PaddedColumns, Outputs).CopyTo(result.Row(first + k));
        });
        return result;
    }

    /// <summary>Ridge.score: r2_score(y, predict(x)), uniform average over outputs.</summary>
    public double Score(RowMatrix x, RowMatrix y)
    {
        if (y.Cols != Outputs || y.Rows != x.Rows)
            throw new MetricInputException($"ridge model scores {Outputs} outputs; x {x.ShapeText}, y {y.ShapeText}");
        return R2Score.UniformAverage(y, Predict(x));
    }
}
