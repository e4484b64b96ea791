using System.Text.Json;
using System.Text.Json.Serialization;

namespace Blend.Data;

/// <summary>Writes integer lists (neurons, trials, window starts, unit ids) on one line each, so the file stays readable.</summary>
internal sealed class InlineIntegerArrayConverter<T> : JsonConverter<T[]> where T : struct, System.Numerics.IBinaryInteger<T>
{
    public override T[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"expected a list of integers, found {reader.TokenType}");
        var values = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value))
                throw new JsonException($"expected an integer in the list, found {reader.TokenType}");
            try { values.Add(T.CreateChecked(value)); }
            catch (OverflowException) { throw new JsonException($"{value} is out of range for {typeof(T).Name}"); }
        }
        return values.ToArray();
    }

    public override void Write(Utf8JsonWriter writer, T[] value, JsonSerializerOptions options) =>
        writer.WriteRawValue("[" + string.Join(", ", value.Select(v => v.ToString(null, System.Globalization.CultureInfo.InvariantCulture))) + "]");
}

/// <summary>Writes float lists (decoder coefficients, statistics) on one line each, every value in its shortest round-trip form.</summary>
internal sealed class InlineDoubleArrayConverter : JsonConverter<double[]>
{
    public override double[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"expected a list of numbers, found {reader.TokenType}");
        var values = new List<double>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number) throw new JsonException($"expected a number in the list, found {reader.TokenType}");
            values.Add(reader.GetDouble());
        }
        return values.ToArray();
    }

    public override void Write(Utf8JsonWriter writer, double[] value, JsonSerializerOptions options)
    {
        if (value.Any(v => !double.IsFinite(v))) throw new JsonException("a list holds NaN or ±Infinity, which JSON cannot hold");
        writer.WriteRawValue("[" + string.Join(", ", value.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]");
    }
}
