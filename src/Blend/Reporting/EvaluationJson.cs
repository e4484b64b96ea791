using System.Text;
using System.Text.Json;
using Blend.Data;
using Blend.Evaluation;

namespace Blend.Reporting;

/// <summary>
/// nlb_tools.evaluate's return value as JSON: <c>[{"mc_maze_split": {"co-bps": …, "vel R2": …}}, …]</c>, metric order
/// kept, numbers in shortest round-trip form. Strict JSON: a metric that is not finite is <c>null</c>, and the split gets a
/// <c>"warnings"</c> list saying which metric and why (Python's json module would write a bare NaN, which strict parsers
/// reject); files with bare NaN / Infinity, as nlb_tools writes them, still read.
/// </summary>
public static class EvaluationJson
{
    /// <summary><paramref name="results"/> as indented JSON in nlb_tools' layout (see the type's summary), ending in a newline.</summary>
    public static string Serialize(IReadOnlyList<DatasetScores> results)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var split in results)
            {
                json.WriteStartObject();
                json.WriteStartObject(split.Split);
                foreach (var (metric, value) in split.Metrics)
                {
                    json.WritePropertyName(metric);
                    if (double.IsFinite(value)) json.WriteNumberValue(value);
                    else json.WriteNullValue();
                }
                var warnings = NonFinite.Warnings([split]).ToList();
                if (warnings.Count > 0)
                {
                    json.WriteStartArray(WarningsKey);
                    foreach (string warning in warnings) json.WriteStringValue(warning);
                    json.WriteEndArray();
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>The key of a split's list of warnings about metrics written as null.</summary>
    public const string WarningsKey = "warnings";

    /// <summary>Writes the <see cref="Serialize"/> text to <paramref name="path"/> atomically (a temporary file renamed into place).</summary>
    public static void Write(string path, IReadOnlyList<DatasetScores> results) =>
        AtomicFile.WriteAllText(path, Serialize(results));

    /// <summary>Reads the structure back (also files written by Python's json.dump of nlb_tools' result).</summary>
    public static IReadOnlyList<DatasetScores> Parse(string text)
    {
        // Python writes NaN/Infinity as bare literals, which System.Text.Json rejects; quote them first.
        string quoted = System.Text.RegularExpressions.Regex.Replace(text, @"(?<=[:\[,]\s*)(-?Infinity|NaN)(?=\s*[,}\]])", "\"$1\"");
        using var document = JsonDocument.Parse(quoted);
        var results = new List<DatasetScores>();
        foreach (var entry in document.RootElement.EnumerateArray())
            foreach (var split in entry.EnumerateObject())
                results.Add(new DatasetScores(split.Name, split.Value.EnumerateObject()
                    .Where(m => m.Value.ValueKind is JsonValueKind.Number or JsonValueKind.String or JsonValueKind.Null)
                    .Select(m => KeyValuePair.Create(m.Name, m.Value.ValueKind switch
                    {
                        JsonValueKind.String => double.Parse(m.Value.GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                        JsonValueKind.Null => double.NaN,
                        _ => m.Value.GetDouble(),
                    }))
                    .ToList()));
        return results;
    }
}
