using System.Text.Json;

namespace Blend.Evaluation.Results;

/// <summary>The comparison's results: every family's full experiment results (comparison.json).</summary>
public sealed record ComparisonResults
{
    /// <summary>The dataset folder every family was trained and scored on, as given.</summary>
    public required string DataFolder { get; init; }
    /// <summary>The command line that ran the comparison.</summary>
    public required string CommandLine { get; init; }
    /// <summary>When the comparison finished (UTC).</summary>
    public required DateTimeOffset Created { get; init; }
    /// <summary>Wall-clock seconds of the whole comparison (0.1 s resolution).</summary>
    public required double Seconds { get; init; }
    /// <summary>One experiment per model family (architecture), in the order of the configs given.</summary>
    public required IReadOnlyList<ExperimentResults> Families { get; init; }

    /// <summary>The results as <c>comparison.json</c> text, with a trailing newline.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ResultsJson.Options) + "\n";

    /// <summary>Reads <c>comparison.json</c> text written by <see cref="ToJson"/>.</summary>
    public static ComparisonResults FromJson(string json) =>
        JsonSerializer.Deserialize<ComparisonResults>(json, ResultsJson.Options) ?? throw new InvalidDataException("empty comparison.json");
}
