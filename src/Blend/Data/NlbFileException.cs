namespace Blend.Data;

/// <summary>
/// A problem with an NLB HDF5 file: missing, not HDF5, a missing group or key, a wrong rank or dtype, shapes that do
/// not fit together, or a failed write. The message is one line naming the file, the HDF5 path and what is wrong.
/// </summary>
public sealed class NlbFileException : BlendInputException
{
    /// <summary>The file that was read or written, as given by the caller.</summary>
    public string File { get; }

    /// <summary>The absolute HDF5 path (e.g. <c>/mc_maze/psth</c>) the problem concerns, or null for the whole file.</summary>
    public string? Key { get; }

    /// <summary>What was wrong, without the file and key.</summary>
    public string Problem { get; }

    /// <summary>
    /// A problem with <paramref name="file"/>; the message is <c>file: key: problem</c> on one line (<c>file: problem</c>
    /// when <paramref name="key"/> is null).
    /// </summary>
    public NlbFileException(string file, string? key, string problem, Exception? inner = null)
        : base(Format(file, key, problem), inner)
    {
        File = file;
        Key = key;
        Problem = OneLine(problem);
    }

    private static string Format(string file, string? key, string problem) =>
        key is null ? $"{file}: {OneLine(problem)}" : $"{file}: {key}: {OneLine(problem)}";

    internal static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
