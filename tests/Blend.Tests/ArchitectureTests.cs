using System.Text.RegularExpressions;
using Blend.Tests.Data;

namespace Blend.Tests;

/// <summary>Rules of the source tree that no compiler checks.</summary>
public sealed class ArchitectureTests
{
    private static IEnumerable<string> SourceFiles(string project) =>
        Directory.EnumerateFiles(Path.Combine(NlbTestFiles.RepoRoot, "src", project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));

    /// <summary>
    /// libtorch's process-global generator and thread count are touched in exactly two files: the library's
    /// TorchGlobalState (seeded construction, the checkpointed dropout state) and the CLI's TorchThreads.
    /// </summary>
    [Fact]
    public void OnlyTwoFilesTouchLibtorchsGlobalState()
    {
        var globalCalls = new Regex(@"\b(manual_seed|set_rng_state|set_num_threads|set_num_interop_threads)\s*\(|\brandom\.seed\s*\(");
        var allowed = new[] { Path.Combine("Blend", "Training", "TorchGlobalState.cs"), Path.Combine("Blend.Cli", "TorchThreads.cs") };
        var offenders = SourceFiles("Blend").Concat(SourceFiles("Blend.Cli"))
            .Where(f => !allowed.Any(a => f.EndsWith(a, StringComparison.Ordinal)))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => globalCalls.IsMatch(x.line) && !x.line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .Select(x => $"{Path.GetRelativePath(NlbTestFiles.RepoRoot, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
        Assert.All(allowed, a => Assert.True(File.Exists(Path.Combine(NlbTestFiles.RepoRoot, "src", a)), a));
    }
}
