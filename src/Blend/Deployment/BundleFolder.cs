using System.Text.Json;
using System.Text.Json.Serialization;
using Blend.Data;

namespace Blend.Deployment;

/// <summary>
/// Finds a model bundle on disk and tells its kind before anything is bound: the bundle folder itself, its
/// <c>bundle.json</c>, or a run folder holding one in <c>model/</c>; the <c>format</c> key says whether it is an NLB
/// model (<see cref="BundleManifest"/>) or a NeuPRINT identity model (<see cref="IdentityBundleManifest"/>).
/// </summary>
public static class BundleFolder
{
    /// <summary>The bundle's folder name inside a run folder.</summary>
    public const string Name = "model";

    /// <summary>How <c>bundle.json</c> is written and read: snake_case keys like <c>dataset.json</c>, integer lists on one line.</summary>
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        IgnoreReadOnlyProperties = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters =
        {
            new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new InlineIntegerArrayConverter<int>(),
            new InlineIntegerArrayConverter<long>(), new InlineDoubleArrayConverter(),
        },
    };

    /// <summary>The folder holding <c>bundle.json</c> for <paramref name="path"/>; one line naming the path when there is none.</summary>
    public static string Resolve(string path)
    {
        if (File.Exists(path) && Path.GetFileName(path) == BundleManifest.FileName) path = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(path)) throw new BlendInputException($"{path}: model bundle not found");
        return File.Exists(Path.Combine(path, BundleManifest.FileName)) ? path
            : File.Exists(Path.Combine(path, Name, BundleManifest.FileName)) ? Path.Combine(path, Name)
            : throw new BlendInputException($"{path}: not a model bundle (no {BundleManifest.FileName}, and no {Name}/{BundleManifest.FileName} of a run folder)");
    }

    /// <summary>The <c>format</c> of the bundle in <paramref name="folder"/> (<see cref="BundleManifest.Format"/> or <see cref="IdentityBundleManifest.Format"/>).</summary>
    public static string FormatOf(string folder)
    {
        string path = Path.Combine(folder, BundleManifest.FileName);
        using var document = Parse(path, File.ReadAllText(path));
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("format", out var format)
            && format.ValueKind == JsonValueKind.String
            ? format.GetString()!
            : throw new BlendInputException($"{path}: not a Blend model bundle (no \"format\")");
    }

    /// <summary>
    /// Reads <paramref name="path"/> and checks its <c>format</c> and <c>format_version</c> before the rest is bound, so
    /// a newer bundle fails on its version, not on a missing key. Returns the text.
    /// </summary>
    public static string CheckFormat(string path, string expectedFormat, int supportedVersion)
    {
        if (!File.Exists(path)) throw new BlendInputException($"{path}: file not found");
        string text = File.ReadAllText(path);
        int version;
        using (var document = Parse(path, text))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String)
                throw new BlendInputException($"{path}: not a Blend model bundle (no \"format\": \"{expectedFormat}\")");
            if (format.GetString() != expectedFormat)
                throw new BlendInputException($"{path}: a \"{format.GetString()}\", not a \"{expectedFormat}\"");
            if (!root.TryGetProperty("format_version", out var v) || !v.TryGetInt32(out version))
                throw new BlendInputException($"{path}: no format_version");
        }
        if (version != supportedVersion)
            throw new BlendInputException(
                $"{path}: bundle format version {version} is not supported (this Blend reads version {supportedVersion}); use the Blend that wrote it");
        return text;
    }

    private static JsonDocument Parse(string path, string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new BlendInputException($"{path}: not valid JSON ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }
}
