using System.Text.Json;
using System.Text.Json.Serialization;

namespace Blend.Evaluation;

/// <summary>
/// The JSON form of results.json, comparison.json and the identity results: snake_case, indented, enums as snake_case
/// strings, and strict JSON — a number that is not finite is written as <c>null</c> (the file's <c>warnings</c> say which
/// and why) and read back as NaN; files of earlier versions with bare <c>NaN</c> / <c>Infinity</c> still read.
/// </summary>
public static class ResultsJson
{
    /// <summary>The options every results file is written and read with.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new FiniteOrNull() },
    };

    /// <summary>Doubles as numbers, non-finite ones as null; null, a number or a quoted NaN/Infinity read back.</summary>
    private sealed class FiniteOrNull : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.Null => double.NaN,
            JsonTokenType.String => double.Parse(reader.GetString()!, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
            _ => reader.GetDouble(),
        };

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }
}
