namespace Blend.Data;

/// <summary>
/// Creates an output folder of several files all at once: everything is written into a hidden temporary sibling
/// folder, which is renamed to the destination only when complete. On failure the temporary folder is removed, so
/// a failed command leaves nothing behind. The destination must not exist yet, or be empty; missing parent folders are created.
/// </summary>
public static class AtomicDirectory
{
    /// <summary>Why <paramref name="path"/> cannot become the output folder, or null; lets a long command fail before it starts.</summary>
    public static string? DestinationProblem(string path)
    {
        string full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        if (File.Exists(full)) return "cannot write a folder here: a file has that name";
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            return "output folder exists and is not empty; choose a new folder or empty it";
        return null;
    }

    /// <summary>
    /// Creates the folder <paramref name="path"/> by calling <paramref name="writeInto"/> with a temporary sibling folder
    /// and renaming that into place when it returns; throws <see cref="BlendInputException"/> when <paramref name="path"/>
    /// is a file or a non-empty folder, or its parent cannot be created.
    /// </summary>
    public static void Write(string path, Action<string> writeInto)
    {
        string full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        if (DestinationProblem(path) is string problem) throw new BlendInputException($"{path}: {problem}");
        string parent = Path.GetDirectoryName(full) ?? ".";
        // Like `mkdir -p`: `--out runs/lorenz` works without creating runs/ first.
        try { Directory.CreateDirectory(parent); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BlendInputException($"{path}: cannot create folder {parent}: {e.Message}", e);
        }

        // A staging folder a killed process left here (kill -9, power loss) is removed first.
        Staging.RemoveAbandoned(full);
        string temporary = Staging.PathFor(full);
        Directory.CreateDirectory(temporary);
        try
        {
            writeInto(temporary);
            if (Directory.Exists(full)) Directory.Delete(full); // empty, checked above
            Directory.Move(temporary, full);
        }
        catch
        {
            try { Directory.Delete(temporary, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
