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

    /// <summary>
    /// The namespaces of the library form no cycle: an edge for every <c>using Blend.…</c> and every fully qualified
    /// <c>Blend.X.Type</c> in a file, plus the implicit edge from a namespace to its parents (whose types it sees without
    /// a using). A cycle is reported with the files that make each of its edges.
    /// </summary>
    [Fact]
    public void LibraryNamespacesFormNoCycle()
    {
        var edges = new Dictionary<string, Dictionary<string, List<string>>>();
        var namespaceLine = new Regex(@"^namespace ([\w.]+);", RegexOptions.Multiline);
        var usingLine = new Regex(@"^using (?:static )?(Blend(?:\.\w+)*)(?:\.[A-Z]\w*)?;", RegexOptions.Multiline);
        var qualified = new Regex(@"\b(Blend(?:\.[A-Z]\w*)+)\.[A-Z]\w*");
        foreach (string file in SourceFiles("Blend"))
        {
            string text = File.ReadAllText(file);
            if (namespaceLine.Match(text) is not { Success: true } match) continue;
            string ns = match.Groups[1].Value;
            string code = Regex.Replace(text, "//.*", "");
            var targets = usingLine.Matches(code).Select(m => m.Groups[1].Value)
                .Concat(qualified.Matches(code).Select(m => m.Groups[1].Value))
                .Concat(Parents(ns))
                .Where(t => t != ns && t.StartsWith("Blend", StringComparison.Ordinal));
            foreach (string target in targets)
            {
                var from = edges.TryGetValue(ns, out var f) ? f : edges[ns] = [];
                (from.TryGetValue(target, out var files) ? files : from[target] = []).Add(Path.GetRelativePath(NlbTestFiles.RepoRoot, file));
            }
        }
        var cycles = StronglyConnected(edges).Where(c => c.Count > 1).ToList();
        string Describe(List<string> cycle) => string.Join("\n", cycle.SelectMany(a => cycle.Where(b => edges.GetValueOrDefault(a)?.ContainsKey(b) == true)
            .Select(b => $"  {a} -> {b}: {string.Join(", ", edges[a][b].Distinct().Take(3))}")));
        Assert.True(cycles.Count == 0, "namespace cycles:\n" + string.Join("\n", cycles.Select(Describe)));
        Assert.Contains("Blend.Experiments", edges.Keys); // the scan saw the library
    }

    private static IEnumerable<string> Parents(string ns)
    {
        var parts = ns.Split('.');
        for (int i = 1; i < parts.Length; i++) yield return string.Join('.', parts.Take(i));
    }

    /// <summary>Tarjan's strongly connected components.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, Dictionary<string, List<string>>> edges)
    {
        var nodes = edges.Keys.Concat(edges.Values.SelectMany(v => v.Keys)).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (string w in edges.GetValueOrDefault(v)?.Keys ?? Enumerable.Empty<string>())
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string popped;
            do
            {
                popped = stack.Pop();
                onStack.Remove(popped);
                component.Add(popped);
            } while (popped != v);
            components.Add(component);
        }
        foreach (string node in nodes)
            if (!index.ContainsKey(node)) Visit(node);
        return components;
    }
}
