using System.Text.Json;

namespace Blend.Evaluation.Results;

/// <summary>The comparison's results: every family's full experiment results (comparison.json).</summary>
public sealed record ComparisonResults
{
    public required string DataFolder { get; init; }
    public required string CommandLine { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required double Seconds { get; init; }
    public required IReadOnlyList<ExperimentResults> Families { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, ResultsJson.Options) + "\n";

    public static ComparisonResults FromJson(string json) =>
        JsonSerializer.Deserialize<ComparisonResults>(json, ResultsJson.Options) ?? throw new InvalidDataException("empty comparison.json");
}
