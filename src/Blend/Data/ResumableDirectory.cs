namespace Blend.Data;

/// <summary>
/// An output folder built over a long time, that survives an interruption: the work goes into a visible sibling
/// <c>&lt;name&gt;.incomplete</c>, renamed to <c>&lt;name&gt;</c> only when complete. Unlike <see cref="AtomicDirectory"/>'s
/// hidden staging folder it is kept when the work is interrupted (Ctrl-C, SIGTERM, kill -9, a crash after some results
/// are done), so a resumed command can reuse what was finished; it is removed when the work fails before anything worth
/// keeping was written.
/// </summary>
public static class ResumableDirectory
{
    /// <summary>The suffix of the folder being worked in.</summary>
    public const string IncompleteSuffix = ".incomplete";

    /// <summary>The working folder of <paramref name="path"/>.</summary>
    public static string IncompletePath(string path) => Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar) + IncompleteSuffix;

    /// <summary>
    /// Runs <paramref name="writeInto"/> in the working folder and renames it to <paramref name="path"/> when it returns.
    /// With <paramref name="resume"/> the working folder must exist (an interrupted run's); without, neither it nor a
    /// non-empty <paramref name="path"/> may. When <paramref name="writeInto"/> throws, the working folder is kept if
    /// <paramref name="worthKeeping"/> says so for that failure (an interruption, or finished results to reuse) and it was
    /// not bad input, else removed (a resumed run's folder is always kept).
    /// </summary>
    public static void Write(string path, bool resume, Action<string> writeInto, Func<Exception, bool> worthKeeping)
    {
        string full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        string incomplete = IncompletePath(path);
        Staging.RemoveAbandoned(full); // hidden staging folders an earlier, killed command left here
        if (AtomicDirectory.DestinationProblem(path) is string problem) throw new BlendInputException($"{path}: {problem}");
        if (resume && !Directory.Exists(incomplete))
            throw new BlendInputException($"{path}: nothing to resume (no {Path.GetFileName(incomplete)} beside it)");
        if (!resume && Directory.Exists(incomplete))
            throw new BlendInputException(
                $"{path}: an interrupted run is in {Path.GetFileName(incomplete)}; continue it with --resume, or remove that folder to start again");
        try { Directory.CreateDirectory(incomplete); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BlendInputException($"{path}: cannot create folder {incomplete}: {e.Message}", e);
        }
        try
        {
            writeInto(incomplete);
        }
        catch (Exception e) when (e is BlendInputException || !worthKeeping(e))
        {
            if (!resume) TryDelete(incomplete);
            throw;
        }
        if (Directory.Exists(full)) Directory.Delete(full); // empty, checked above
        Directory.Move(incomplete, full);
    }

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
