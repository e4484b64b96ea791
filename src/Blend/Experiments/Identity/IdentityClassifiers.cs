using Blend.Evaluation.Identity;

namespace Blend.Experiments.Identity;

/// <summary>The classifiers of Φ by name, as configs and the command line list them.</summary>
public static class IdentityClassifiers
{
    public static readonly IReadOnlyList<string> Known = ["knn", "linear", "mlp", "logistic"];

    public static IReadOnlyList<string> Parse(string text) =>
        TryParse(text, out var names, out string? error) ? names : throw new BlendInputException($"experiment.classifiers: {error}");

    public static bool TryParse(string text, out IReadOnlyList<string> names, out string? error)
    {
        var list = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        names = list;
        error = list.Length == 0 ? $"no classifier given (known: {string.Join(", ", Known)})"
            : list.FirstOrDefault(n => !Known.Contains(n)) is string unknown ? $"unknown classifier '{unknown}' (known: {string.Join(", ", Known)})"
            : list.Distinct().Count() != list.Length ? "a classifier is listed twice"
            : null;
        return error is null;
    }

    /// <summary>Fresh classifiers; linear and MLP train with <paramref name="options"/>.</summary>
    public static IReadOnlyList<IIdentityClassifier> Create(IEnumerable<string> names, TorchClassifierOptions options) =>
        names.Select(name => name switch
        {
            "knn" => (IIdentityClassifier)new NearestNeighborsClassifier(),
            "linear" => TorchClassifier.Linear(options),
            "mlp" => TorchClassifier.Mlp(options),
            "logistic" => new LogisticClassifier(),
            _ => throw new BlendInputException($"unknown classifier '{name}' (known: {string.Join(", ", Known)})"),
        }).ToArray();
}
