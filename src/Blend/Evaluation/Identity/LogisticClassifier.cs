namespace Blend.Evaluation.Identity;

/// <summary>
/// The class-balanced logistic regression of the linear probes as an identity classifier: standardised on the training
/// rows, fitted on them alone (validation rows are not used, so the seed only matters through the split).
/// </summary>
public sealed class LogisticClassifier(double c = BalancedLogisticRegression.DefaultC) : IIdentityClassifier
{
    public string Name => "logistic";

    public double C { get; } = c;

    public ClassifierFit FitPredict(ClassifierProblem problem, int seed) =>
        new(BalancedLogisticRegression.Fit(problem.Train, problem.TrainLabels, C).Predict(problem.Test));
}
