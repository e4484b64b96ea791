namespace Blend.Evaluation.Identity;

/// <summary>
/// The class-balanced logistic regression of the linear probes as an identity classifier: standardised on the training
/// rows, fitted on them alone (validation rows are not used, so the seed only matters through the split).
/// </summary>
public sealed class LogisticClassifier(double c = BalancedLogisticRegression.DefaultC) : IIdentityClassifier
{
    /// <summary><c>logistic</c>.</summary>
    public string Name => "logistic";

    /// <summary>Inverse L2 regularisation strength (scikit-learn's <c>C</c>; default 1).</summary>
    public double C { get; } = c;

    /// <summary>Fits on the training rows (the seed and validation rows are not used) and predicts the test rows.</summary>
    public ClassifierFit FitPredict(ClassifierProblem problem, int seed) =>
        new(BalancedLogisticRegression.Fit(problem.Train, problem.TrainLabels, C).Predict(problem.Test));
}
