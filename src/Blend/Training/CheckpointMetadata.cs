using System.Text.Json;
using System.Text.Json.Serialization;

namespace Blend.Training;

/// <summary>The non-tensor part of a checkpoint: counters, best validation, host random state, history.</summary>
internal sealed record CheckpointMetadata
{
    public required string ModelType { get; init; }
    public required int Epoch { get; init; }
    public required long Step { get; init; }
    public required double BestValLoss { get; init; }
    public required int BestEpoch { get; init; }
    public required double ElapsedSeconds { get; init; }
    public required ulong RandomState { get; init; }
    public required int LossBatches { get; init; }
    public required double LearningRate { get; init; }
    public required Dictionary<string, long> OptimizerSteps { get; init; }
    public required List<ValidationRecord> History { get; init; }
    public StopReason? Finished { get; init; }

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CheckpointMetadata Parse(string json, string path)
    {
        try
        {
            return JsonSerializer.Deserialize<CheckpointMetadata>(json, Json)
                   ?? throw new BlendInputException($"{path}: checkpoint metadata is empty");
        }
        catch (JsonException e)
        {
            throw new BlendInputException($"{path}: damaged checkpoint metadata ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }
}
