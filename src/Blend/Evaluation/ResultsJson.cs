using System.Text.Json;
using System.Text.Json.Serialization;

namespace Blend.Evaluation;

/// <summary>The JSON form of results.json, comparison.json and the identity results: snake_case, indented, enums as snake_case strings, NaN allowed.</summary>
internal static class ResultsJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
