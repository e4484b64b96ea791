using Blend.Data;

namespace Blend.Cli;

/// <summary>
/// Failures of the environment rather than of the input or of Blend — a read-only file system, a full disk, a missing
/// permission, an output path below a regular file — as one line naming the path and the cause (exit 2, no stack trace).
/// Atomic writes have left nothing half written by the time they reach the command line.
/// </summary>
internal static class EnvironmentErrors
{
    /// <summary>The one-line description of <paramref name="error"/> when it is an environment failure; null otherwise.</summary>
    public static string? Describe(Exception error)
    {
        var failure = Flatten(error).FirstOrDefault(e => e is IOException or UnauthorizedAccessException);
        if (failure is null) return null;
        string message = Staging.DestinationOf(failure.Message.TrimEnd('.'));
        string? cause = failure switch
        {
            UnauthorizedAccessException => "permission denied",
            DirectoryNotFoundException => "a folder on the path does not exist, or a part of the path is a file",
            FileNotFoundException => "no such file, and none can be created there",
            _ => Cause(failure.HResult),
        };
        return cause is null || message.Contains(cause, StringComparison.OrdinalIgnoreCase) ? message : $"{message} ({cause})";
    }

    /// <summary>What an errno (the HResult .NET gives file-system errors on Unix) means, in words; null for others.</summary>
    internal static string? Cause(int errno) => errno switch
    {
        1 or 13 => "permission denied",
        2 => "a folder on the path does not exist",
        20 => "a part of the path is a file, not a folder",
        21 => "the path is a folder",
        28 => "no space left on the device",
        30 => "read-only file system",
        122 => "disk quota exceeded",
        _ => null,
    };

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten)) yield return inner;
        }
    }
}
