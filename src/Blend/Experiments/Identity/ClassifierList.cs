using Blend.Evaluation.Identity;

namespace Blend.Experiments.Identity;

/// <summary>The comma-separated classifier list of <c>experiment.classifiers</c> / <c>--classifiers</c>.</summary>
public static class ClassifierList
{
    /// <summary>The classifier names <c>experiment.classifiers</c> accepts: knn, linear, mlp and logistic (<see cref="IdentityClassifiers.Names"/>).</summary>
    public static IReadOnlyList<string> Known => IdentityClassifiers.Names;

    /// <summary>The names in <paramref name="text"/>, in order; no name, an unknown name or a duplicate is a <see cref="BlendInputException"/> naming <c>experiment.classifiers</c>.</summary>
    public static IReadOnlyList<string> Parse(string text) =>
        TryParse(text, out var names, out string? error) ? names : throw new BlendInputException($"experiment.classifiers: {error}");

    /// <summary>Splits <paramref name="text"/> at commas (entries trimmed, empty ones dropped) into <paramref name="names"/>; returns false, with the reason in
    /// <paramref name="error"/>, when no classifier is given, a name is not in <see cref="Known"/> or a name is listed twice.</summary>
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
    public static IReadOnlyList<IIdentityClassifier> Create(string text, TorchClassifierOptions options) =>
        [.. Parse(text).Select(name => IdentityClassifiers.Create(name, options))];
}
