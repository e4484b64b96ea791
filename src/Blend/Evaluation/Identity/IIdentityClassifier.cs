namespace Blend.Evaluation.Identity;

/// <summary>A classifier of identities from features: fits on a problem's training rows and predicts its test rows.</summary>
public interface IIdentityClassifier
{
    /// <summary>The name in results and on the command line (knn, linear, mlp, logistic).</summary>
    string Name { get; }

    /// <summary>Fits with <paramref name="seed"/> (initial weights; deterministic classifiers ignore it) and predicts the test rows.</summary>
    ClassifierFit FitPredict(ClassifierProblem problem, int seed);
}

/// <summary>Predicted labels of the test rows; for classifiers trained in epochs, the epoch whose weights predicted them (0-based).</summary>
public sealed record ClassifierFit(int[] Predicted, int? SelectedEpoch = null);
