using System.Diagnostics;
using System.Globalization;

namespace Blend.Data;

/// <summary>
/// Names of the temporary files and folders that atomic writes stage their output in —
/// <c>.&lt;name&gt;.tmp-&lt;pid&gt;-&lt;random&gt;</c>, beside the destination — and the clean-up of those a dead process
/// left behind (kill -9, power loss): a staging entry whose process is gone, or is a newer process that reused the id,
/// is removed before the next write to the same destination.
/// </summary>
public static class Staging
{
    /// <summary>A fresh staging path for <paramref name="fullPath"/>, owned by this process.</summary>
    public static string PathFor(string fullPath)
    {
        string folder = Path.GetDirectoryName(fullPath) ?? ".";
        return Path.Combine(folder, $"{Prefix(Path.GetFileName(fullPath))}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
    }

    /// <summary>
    /// Removes the staging files and folders of <paramref name="fullPath"/> that no running process owns; returns what
    /// was removed. Entries of live processes (another command writing the same destination) are left alone.
    /// </summary>
    public static IReadOnlyList<string> RemoveAbandoned(string fullPath)
    {
        string folder = Path.GetDirectoryName(fullPath) ?? ".";
        var removed = new List<string>();
        if (!Directory.Exists(folder)) return removed;
        string prefix = Prefix(Path.GetFileName(fullPath));
        foreach (string entry in Directory.EnumerateFileSystemEntries(folder, prefix + "*"))
        {
            if (!IsAbandoned(entry, prefix)) continue;
            try
            {
                if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
                removed.Add(entry);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return removed;
    }

    /// <summary>
    /// <paramref name="text"/> (an error message) with every staging path replaced by the destination it stands for, so a
    /// message names the file the user asked for rather than its temporary sibling.
    /// </summary>
    public static string DestinationOf(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"/\.([^/']+?)\.tmp-(?:\d+-)?[0-9a-f]{32}", "/$1");

    private static string Prefix(string name) => $".{name}.tmp-";

    private static bool IsAbandoned(string entry, string prefix)
    {
        string rest = Path.GetFileName(entry)[prefix.Length..];
        int dash = rest.IndexOf('-');
        // Entries of older versions carry no process id: nothing can own them any more.
        if (dash <= 0 || !int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) return true;
        if (pid == Environment.ProcessId) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            // A process id reused by a process that started after the entry was made does not own it.
            return process.HasExited || process.StartTime.ToUniversalTime() > Directory.GetCreationTimeUtc(entry).AddSeconds(1)
                   && process.StartTime.ToUniversalTime() > File.GetLastWriteTimeUtc(entry).AddSeconds(1);
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
