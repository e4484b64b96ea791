using System.Security.Cryptography;
using System.Text.Json;

namespace Blend.Data;

/// <summary>
/// What a dataset's files were when a run started — each file's name, size and SHA-256 — so that <c>--resume</c> can
/// refuse to continue on different data of the same shape, naming the file that changed.
/// </summary>
public sealed record DataFingerprint(IReadOnlyList<DataFingerprint.FileEntry> Files)
{
    /// <summary>The fingerprint's file name in a run or experiment folder.</summary>
    public const string FileName = "data.fingerprint.json";

    /// <summary>One input file: its name, size in bytes and SHA-256 (hex).</summary>
    public sealed record FileEntry(string Name, long Bytes, string Sha256);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The fingerprint of <paramref name="paths"/> (missing files and duplicates are left out).</summary>
    public static DataFingerprint Of(IEnumerable<string?> paths) =>
        new([.. paths.OfType<string>().Select(Path.GetFullPath).Distinct().Where(File.Exists).Order(StringComparer.Ordinal).Select(Entry)]);

    /// <summary>
    /// The fingerprint of every file under <paramref name="folder"/> (a dataset of many session folders), named by their
    /// paths relative to it, so that files of the same name in different sessions are told apart. Files under
    /// <paramref name="except"/> (an output folder placed inside the data) are left out.
    /// </summary>
    public static DataFingerprint OfFolder(string folder, params string[] except)
    {
        var skipped = except.Select(e => Path.GetFullPath(e).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar).ToArray();
        return new([.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(path => !skipped.Any(s => Path.GetFullPath(path).StartsWith(s, StringComparison.Ordinal)))
            .Select(path => (Path: path, Name: Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/')))
            .OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => Entry(f.Path, f.Name))]);
    }

    private static FileEntry Entry(string path) => Entry(path, Path.GetFileName(path));

    private static FileEntry Entry(string path, string name)
    {
        using var stream = File.OpenRead(path);
        return new FileEntry(name, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    /// <summary>Writes the fingerprint into <paramref name="folder"/>.</summary>
    public void Write(string folder) => AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>
    /// Throws when <paramref name="folder"/>'s recorded fingerprint differs from this one (a file added, removed, resized
    /// or changed); a folder of an earlier version without a fingerprint passes.
    /// </summary>
    public void CheckAgainst(string folder, string dataFolder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return;
        var recorded = JsonSerializer.Deserialize<DataFingerprint>(File.ReadAllText(path), Json)
                       ?? throw new BlendInputException($"{path}: empty");
        var before = recorded.Files.ToDictionary(f => f.Name);
        var now = Files.ToDictionary(f => f.Name);
        foreach (var (name, entry) in before)
        {
            if (!now.TryGetValue(name, out var current))
                throw new BlendInputException($"{dataFolder}: --resume with different data: {name} was in the data the run started with and is missing now ({path})");
            if (current.Bytes != entry.Bytes || current.Sha256 != entry.Sha256)
                throw new BlendInputException(
                    $"{dataFolder}: --resume with different data: {name} has changed since the run started ({entry.Bytes} bytes, sha256 {entry.Sha256[..12]}… then; {current.Bytes} bytes, {current.Sha256[..12]}… now)");
        }
        if (now.Keys.Except(before.Keys).FirstOrDefault() is string added)
            throw new BlendInputException($"{dataFolder}: --resume with different data: {added} was not in the data the run started with ({path})");
    }
}
