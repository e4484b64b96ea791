namespace Blend.Data;

/// <summary>
/// Writes files so that a reader never sees half of one: the content goes to a temporary file in the destination
/// folder, which then replaces the destination in one rename. On any failure the temporary file is removed and an
/// existing destination is left as it was.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="writeTemporary"/> with a temporary path next to <paramref name="path"/>, then moves it
    /// over <paramref name="path"/>. Exceptions from the callback propagate after the clean-up.
    /// </summary>
    public static void Write(string path, Action<string> writeTemporary)
    {
        if (DestinationProblem(path) is string problem) throw new BlendInputException($"{path}: {problem}");
        string full = Path.GetFullPath(path);
        Staging.RemoveAbandoned(full);
        string temporary = Staging.PathFor(full);
        try
        {
            writeTemporary(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Why <paramref name="path"/> cannot be written (a folder, or its folder is missing), or null.</summary>
    public static string? DestinationProblem(string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) return "cannot write: the destination is a folder";
        string folder = Path.GetDirectoryName(full) ?? ".";
        return Directory.Exists(folder) ? null : $"cannot write: folder {folder} does not exist";
    }

    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/> atomically (see <see cref="Write"/>).</summary>
    public static void WriteAllText(string path, string contents) =>
        Write(path, temporary => File.WriteAllText(temporary, contents));

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
