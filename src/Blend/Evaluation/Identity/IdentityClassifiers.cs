namespace Blend.Evaluation.Identity;

/// <summary>The identity classifiers by name, for configs and the command line.</summary>
public static class IdentityClassifiers
{
    /// <summary>Every classifier name <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["knn", "linear", "mlp", "logistic"];

    /// <summary>A classifier by <see cref="IIdentityClassifier.Name"/>; <paramref name="torch"/> sets linear and mlp training.</summary>
    public static IIdentityClassifier Create(string name, TorchClassifierOptions? torch = null) => name switch
    {
        "knn" => new NearestNeighborsClassifier(),
        "linear" => TorchClassifier.Linear(torch),
        "mlp" => TorchClassifier.Mlp(torch),
        "logistic" => new LogisticClassifier(),
        _ => throw new BlendInputException($"identity classifier {name} is not known (known: {string.Join(", ", Names)})"),
    };
}
