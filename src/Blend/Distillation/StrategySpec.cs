using System.Globalization;
using Blend.Distillation;
using Blend.Models;

namespace Blend.Distillation;

/// <summary>
/// One distillation strategy as named on the command line or in a config: a single strategy (<c>hard</c>, <c>soft</c>,
/// <c>correlation</c>, <c>feature</c>, <c>poisson</c>) or a weighted sum (<c>0.5*hard+0.5*soft</c>; a term without weight counts 1).
/// </summary>
public sealed record StrategySpec(IReadOnlyList<(double Weight, string Strategy)> Terms)
{
    /// <summary>The strategies a spec may name (<see cref="DistillationStrategies"/>: the built-ins and any registered).</summary>
    public static IReadOnlyList<string> Known => DistillationStrategies.Names;

    /// <summary>The canonical name: the strategy itself, or the weighted terms joined by '+'.</summary>
    public string Name => Terms.Count == 1 && Terms[0].Weight == 1
        ? Terms[0].Strategy
        : string.Join("+", Terms.Select(t => $"{t.Weight.ToString("0.###", CultureInfo.InvariantCulture)}*{t.Strategy}"));

    /// <summary>The model's name in tables and its run folder: <c>student-hard</c>, <c>student-0.5xhard+0.5xsoft</c>.</summary>
    public string ModelName => $"student-{Name}";

    /// <summary>The run-folder name: <see cref="ModelName"/> with each '*' replaced by 'x' (e.g. <c>student-0.5xhard+0.5xsoft</c>).</summary>
    public string FolderName => ModelName.Replace('*', 'x');

    /// <summary>A fresh strategy for a student of <paramref name="student"/>'s family distilled from <paramref name="teacher"/>.</summary>
    public IDistillationStrategy Build(NeuralDynamicsModel student, NeuralDynamicsModel teacher, DistillationOptions options) =>
        Build(DistillationPair.Of(student, teacher), options);

    /// <summary>A fresh strategy for the student of <paramref name="pair"/> (any family or task), each term from <see cref="DistillationStrategies"/>.</summary>
    public IDistillationStrategy Build(DistillationPair pair, DistillationOptions options) =>
        Terms.Count == 1 && Terms[0].Weight == 1
            ? DistillationStrategies.Create(Terms[0].Strategy, pair, options)
            : new CombinedDistillation([.. Terms.Select(t => (t.Weight, DistillationStrategies.Create(t.Strategy, pair, options)))]);

    /// <summary>The canonical <see cref="Name"/>.</summary>
    public override string ToString() => Name;

    /// <summary>Parses a comma-separated list; errors are <see cref="BlendInputException"/>s naming the bad entry.</summary>
    public static IReadOnlyList<StrategySpec> ParseList(string text) =>
        TryParseList(text, out var specs, out string? error) ? specs : throw new BlendInputException($"--strategies: {error}");

    /// <summary>
    /// Parses a comma-separated list of strategies or weighted sums (<c>hard,0.5*hard+0.5*soft</c>) without throwing. Weights
    /// must be positive finite numbers, names must be <see cref="Known"/>, and no spec may appear twice.
    /// </summary>
    /// <param name="text">The list as written on the command line or in a config.</param>
    /// <param name="specs">The parsed specs in order (those parsed so far when parsing fails).</param>
    /// <param name="error">Null on success; otherwise a message naming the bad entry.</param>
    /// <returns>Whether the whole list parsed.</returns>
    public static bool TryParseList(string text, out IReadOnlyList<StrategySpec> specs, out string? error)
    {
        var list = new List<StrategySpec>();
        specs = list;
        error = null;
        var entries = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length == 0)
        {
            error = "no strategy given (known: " + KnownText + ")";
            return false;
        }
        foreach (string entry in entries)
        {
            var terms = new List<(double, string)>();
            foreach (string term in entry.Split('+', StringSplitOptions.TrimEntries))
            {
                string name = term;
                double weight = 1;
                int star = term.IndexOf('*');
                if (star >= 0)
                {
                    name = term[(star + 1)..].Trim();
                    if (!double.TryParse(term[..star].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out weight)
                        || !double.IsFinite(weight) || weight <= 0)
                    {
                        error = $"'{entry}': weight '{term[..star].Trim()}' is not a positive number";
                        return false;
                    }
                }
                if (!Known.Contains(name))
                {
                    error = $"unknown distillation strategy '{name}' in '{entry}' (known: {KnownText})";
                    return false;
                }
                terms.Add((weight, name));
            }
            var spec = new StrategySpec(terms);
            if (list.Any(s => s.Name == spec.Name))
            {
                error = $"strategy '{spec.Name}' is listed twice";
                return false;
            }
            list.Add(spec);
        }
        return true;
    }

    private static string KnownText => string.Join(", ", Known) + ", or weighted sums such as 0.5*hard+0.5*soft";
}
