namespace Blend.Data;

/// <summary>
/// An exclusive lock between processes on a lock file (on Linux, .NET takes <c>flock</c> for a file opened with
/// <see cref="FileShare.None"/>): the kernel releases it when the holder exits, killed or not, so a lock is never left
/// stale. Used by sweep cells so that two cells needing the same baseline train it once, and to tell a running cell
/// from an interrupted one. Dispose to release.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    /// <summary>The lock on <paramref name="path"/> (created when missing), or null when another holder has it.</summary>
    public static FileLock? TryAcquire(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    /// <summary>
    /// The lock on <paramref name="path"/>, retrying for up to <paramref name="patience"/> (a reader probing it with
    /// <see cref="IsHeld"/> holds it for an instant), or null when another holder keeps it.
    /// </summary>
    public static FileLock? TryAcquire(string path, TimeSpan patience)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (TryAcquire(path) is { } held) return held;
            if (clock.Elapsed >= patience) return null;
            Thread.Sleep(50);
        }
    }

    /// <summary>
    /// Waits for the lock on <paramref name="path"/>, polling; <paramref name="waiting"/> is called once when it is
    /// held by someone else.
    /// </summary>
    public static FileLock Acquire(string path, CancellationToken cancellation, Action? waiting = null)
    {
        bool told = false;
        while (true)
        {
            if (TryAcquire(path) is { } held) return held;
            if (!told) waiting?.Invoke();
            told = true;
            cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(250));
            cancellation.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Whether a holder has the lock on <paramref name="path"/> now. The probe takes a shared lock (.NET takes
    /// <c>flock(LOCK_SH)</c> for a file opened for sharing), so probes never block each other.
    /// </summary>
    public static bool IsHeld(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return false;
        }
        catch (FileNotFoundException) { return false; }
        catch (DirectoryNotFoundException) { return false; }
        catch (IOException) { return true; }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _stream.Dispose();
}
