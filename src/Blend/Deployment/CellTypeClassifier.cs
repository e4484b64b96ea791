using Blend.Data;
using Blend.Evaluation;
using Blend.Evaluation.Identity;

namespace Blend.Deployment;

/// <summary>
/// The cell-type classifier of an identity bundle: scikit-learn's
/// <c>make_pipeline(StandardScaler(), LogisticRegression(class_weight='balanced'))</c> on a neuron's embedding Φ
/// (<see cref="BalancedLogisticRegression"/>), fitted on every labelled identity of the training data. Deterministic
/// and a few numbers, so a bundle carries it as JSON; the experiment's kNN / linear / MLP classifiers are scored
/// leave-one-mouse-out in <c>results.json</c>, this one is what a deployed model predicts with.
/// </summary>
public sealed record CellTypeClassifier
{
    /// <summary><c>class</c> (EC / IN) or <c>subclass</c> (Lamp5 / Vip / Pvalb / Sst / Sncg).</summary>
    public required IdentityTask Task { get; init; }

    /// <summary>The task's label names, indexed by label.</summary>
    public required string[] LabelNames { get; init; }

    /// <summary>Labels seen in training (ascending): the columns of <see cref="Probabilities"/>.</summary>
    public required int[] Classes { get; init; }

    /// <summary>Per-feature mean of the training embeddings (the pipeline's <c>StandardScaler.mean_</c>).</summary>
    public required double[] ScalerMean { get; init; }

    /// <summary>Per-feature standard deviation (ddof 0) of the training embeddings, 1 for constant features (<c>StandardScaler.scale_</c>).</summary>
    public required double[] ScalerScale { get; init; }

    /// <summary>Rows × features row-major: one row for two classes, else one per class (scikit-learn's coef_).</summary>
    public required double[] Coefficients { get; init; }

    /// <summary>One intercept per row of <see cref="Coefficients"/> (scikit-learn's <c>intercept_</c>).</summary>
    public required double[] Intercepts { get; init; }

    /// <summary>Identities the classifier was fitted on.</summary>
    public required int TrainingSamples { get; init; }

    /// <summary>Fits on embeddings (identities × width) of the identities that are samples of <paramref name="task"/>; null when fewer than two labels occur.</summary>
    public static CellTypeClassifier? Fit(IdentityTask task, RowMatrix embeddings, IReadOnlyList<Data.Identity.IdentityNeuron> neurons)
    {
        var samples = neurons.Where(n => IdentityTasks.IsSample(task, n)).ToArray();
        var labels = samples.Select(n => IdentityTasks.Label(task, n)!.Value).ToArray();
        if (labels.Distinct().Count() < 2) return null;
        var rows = new RowMatrix(samples.Length, embeddings.Cols);
        for (int k = 0; k < samples.Length; k++) embeddings.Row(samples[k].Id).CopyTo(rows.Row(k));
        var model = BalancedLogisticRegression.Fit(rows, labels);
        return new CellTypeClassifier
        {
            Task = task,
            LabelNames = [.. IdentityTasks.LabelNames(task)],
            Classes = model.Classes,
            ScalerMean = model.Scaler.Mean,
            ScalerScale = model.Scaler.Scale,
            Coefficients = model.Coefficients,
            Intercepts = model.Intercepts,
            TrainingSamples = samples.Length,
        };
    }

    /// <summary>Width of the embeddings the classifier reads.</summary>
    public int Features => ScalerMean.Length;

    private LogisticModel Model => new(new StandardScaler(ScalerMean, ScalerScale), Classes, Coefficients, Intercepts);

    /// <summary>
    /// Rows × every label of the task: the logistic model's probabilities (sigmoid for two classes, softmax otherwise),
    /// 0 for labels it never saw in training.
    /// </summary>
    public RowMatrix Probabilities(RowMatrix embeddings)
    {
        var decision = Model.Decision(embeddings);
        var result = new RowMatrix(embeddings.Rows, LabelNames.Length);
        for (int i = 0; i < embeddings.Rows; i++)
        {
            if (Classes.Length == 2)
            {
                double p = 1 / (1 + Math.Exp(-decision[i, 0]));
                result[i, Classes[0]] = 1 - p;
                result[i, Classes[1]] = p;
                continue;
            }
            double max = double.NegativeInfinity;
            for (int r = 0; r < Classes.Length; r++) max = Math.Max(max, decision[i, r]);
            double sum = 0;
            for (int r = 0; r < Classes.Length; r++) sum += Math.Exp(decision[i, r] - max);
            for (int r = 0; r < Classes.Length; r++) result[i, Classes[r]] = Math.Exp(decision[i, r] - max) / sum;
        }
        return result;
    }

    /// <summary>The predicted label of each row (scikit-learn's <c>predict</c>).</summary>
    public int[] Predict(RowMatrix embeddings) => Model.Predict(embeddings);

    /// <summary>Checks the shapes after reading from a bundle.</summary>
    internal void Validate(string file, int embeddingWidth)
    {
        int rows = Classes is null ? 0 : Classes.Length == 2 ? 1 : Classes.Length;
        if (LabelNames is null || Classes is null || ScalerMean is null || ScalerScale is null || Coefficients is null || Intercepts is null
            || Classes.Length < 2 || Classes.Any(c => c < 0 || c >= LabelNames.Length) || ScalerMean.Length != embeddingWidth
            || ScalerScale.Length != embeddingWidth || Coefficients.Length != rows * embeddingWidth || Intercepts.Length != rows)
            throw new BlendInputException(
                $"{file}: the {Task} classifier's arrays do not fit {Classes?.Length ?? 0} classes of {LabelNames?.Length ?? 0} labels on {embeddingWidth}-wide embeddings");
    }
}
