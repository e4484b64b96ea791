using System.Text.Json;
using Blend.Data;

namespace Blend.Tests.Data;

/// <summary>Locations of the shared golden files and the committed h5py fixtures, plus comparison helpers.</summary>
internal static class NlbTestFiles
{
    private static readonly Lazy<string> RepoRootLazy = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Blend.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Blend.sln above {AppContext.BaseDirectory}");
    });

    public static string RepoRoot => RepoRootLazy.Value;

    /// <summary>nlb_tools' outputs for two NWB fixtures (TestData/golden/nwb; its README says how they were made).</summary>
    public static string GoldenNwb => Path.Combine(RepoRoot, "tests", "Blend.Tests", "TestData", "golden", "nwb");

    /// <summary>A file of TestData/golden: fixtures made with the reference code and nlb_tools (TestData/README.md).</summary>
    public static string GoldenFile(string relative) => Path.Combine(RepoRoot, "tests", "Blend.Tests", "TestData", "golden", relative);

    public static string Golden(string relative) => Path.Combine(GoldenNwb, relative);

    /// <summary>Small h5py-written files made by tests/Blend.Tests/tools/make_nlb_h5py_fixtures.py.</summary>
    public static string Fixture(string name) => Path.Combine(RepoRoot, "tests", "Blend.Tests", "TestData", "nlb", name);

    private static readonly Lazy<JsonDocument> ManifestLazy = new(() => JsonDocument.Parse(File.ReadAllText(Golden("manifest.json"))));

    /// <summary>manifest.json's summary of one dataset: files → &lt;file&gt; → datasets → &lt;key&gt;.</summary>
    public static JsonElement Manifest(string file, string key) =>
        ManifestLazy.Value.RootElement.GetProperty("files").GetProperty(file).GetProperty("datasets").GetProperty(key);

    public static IEnumerable<string> ManifestKeys(string file) =>
        ManifestLazy.Value.RootElement.GetProperty("files").GetProperty(file).GetProperty("datasets").EnumerateObject().Select(p => p.Name);

    /// <summary>Checks shape, NaN count, finite min/max and finite sum (1e-6 relative) against the manifest.</summary>
    public static void AssertMatchesManifest(string file, string key, Array3 array, bool is2D = false)
    {
        var entry = Manifest(file, key);
        int[] shape = entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        int[] actual = is2D ? [array.Trials, array.Channels] : array.Shape;
        Assert.Equal(shape, actual);
        Assert.Equal(entry.GetProperty("nan_count").GetInt32(), array.Values.Count(double.IsNaN));
        var finite = array.Values.Where(double.IsFinite).ToArray();
        Assert.Equal(entry.GetProperty("finite_min").GetDouble(), finite.Min());
        Assert.Equal(entry.GetProperty("finite_max").GetDouble(), finite.Max());
        double expectedSum = entry.GetProperty("finite_sum").GetDouble(), sum = finite.Sum();
        Assert.True(Math.Abs(sum - expectedSum) <= 1e-6 * Math.Max(1, Math.Abs(expectedSum)),
            $"{file} {key}: sum {sum:R} vs manifest {expectedSum:R}");
    }

    /// <summary>Same shape and bit-identical values (NaN matches NaN).</summary>
    public static void AssertSame(Array3? expected, Array3? actual, string what = "")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{what}: one side is null");
            return;
        }
        Assert.True(expected.SameShape(actual), $"{what}: shape {expected.ShapeText} vs {actual.ShapeText}");
        for (int i = 0; i < expected.Values.Length; i++)
        {
            double e = expected.Values[i], a = actual.Values[i];
            if (double.IsNaN(e) ? !double.IsNaN(a) : BitConverter.DoubleToInt64Bits(e) != BitConverter.DoubleToInt64Bits(a))
                Assert.Fail($"{what}: value {i} is {a:R}, expected {e:R}");
        }
    }

    public static void AssertSame(bool[,]? expected, bool[,]? actual)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null);
            return;
        }
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        Assert.Equal(expected.Cast<bool>(), actual.Cast<bool>());
    }

    public static void AssertSame(int[][]? expected, int[][]? actual)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null);
            return;
        }
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i]);
    }

    public static void AssertSame(NlbDatasetTarget expected, NlbDatasetTarget actual)
    {
        AssertSame(expected.EvalSpikesHeldout, actual.EvalSpikesHeldout, "eval_spikes_heldout");
        AssertSame(expected.TrainBehavior, actual.TrainBehavior, "train_behavior");
        AssertSame(expected.EvalBehavior, actual.EvalBehavior, "eval_behavior");
        Assert.Equal(expected.BehaviorIs2D, actual.BehaviorIs2D);
        AssertSame(expected.EvalSpikesHeldinForward, actual.EvalSpikesHeldinForward, "eval_spikes_heldin_forward");
        AssertSame(expected.EvalSpikesHeldoutForward, actual.EvalSpikesHeldoutForward, "eval_spikes_heldout_forward");
        AssertSame(expected.TrainDecodeMask, actual.TrainDecodeMask);
        AssertSame(expected.EvalDecodeMask, actual.EvalDecodeMask);
        AssertSame(expected.Psth, actual.Psth, "psth");
        AssertSame(expected.EvalCondIdx, actual.EvalCondIdx);
        AssertSame(expected.TrainCondIdx, actual.TrainCondIdx);
        Assert.Equal(expected.EvalJitter, actual.EvalJitter);
    }

    public static void AssertSame(NlbDatasetRates expected, NlbDatasetRates actual)
    {
        AssertSame(expected.TrainRatesHeldin, actual.TrainRatesHeldin, "train_rates_heldin");
        AssertSame(expected.TrainRatesHeldout, actual.TrainRatesHeldout, "train_rates_heldout");
        AssertSame(expected.EvalRatesHeldin, actual.EvalRatesHeldin, "eval_rates_heldin");
        AssertSame(expected.EvalRatesHeldout, actual.EvalRatesHeldout, "eval_rates_heldout");
        AssertSame(expected.EvalRatesHeldinForward, actual.EvalRatesHeldinForward, "eval_rates_heldin_forward");
        AssertSame(expected.EvalRatesHeldoutForward, actual.EvalRatesHeldoutForward, "eval_rates_heldout_forward");
    }

    /// <summary>The fixture script's pattern: ((i + offset) · 7 mod 11) / 4, all exact in float32.</summary>
    public static double[] Pattern(int count, int offset = 0) =>
        Enumerable.Range(0, count).Select(i => (i + offset) * 7 % 11 / 4.0).ToArray();

    /// <summary>
    /// When BLEND_NLB_KEEP_DIR is set, copies a written file there and records "written reference" in pairs.txt,
    /// for tests/Blend.Tests/tools/check_nlb_h5py.py (an optional h5py cross-check; see tools/README.md).
    /// </summary>
    public static void Keep(string written, string label, string reference)
    {
        string? keep = Environment.GetEnvironmentVariable("BLEND_NLB_KEEP_DIR");
        if (string.IsNullOrEmpty(keep)) return;
        Directory.CreateDirectory(keep);
        string target = Path.Combine(keep, label + ".h5");
        File.Copy(written, target, overwrite: true);
        lock (KeepLock) File.AppendAllText(Path.Combine(keep, "pairs.txt"), $"{target}\t{reference}\n");
    }

    private static readonly object KeepLock = new();
}

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("blend-nlbio-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Copies every file under <paramref name="from"/> to the same place under <paramref name="to"/>.</summary>
    public static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            System.IO.File.Copy(file, target);
        }
    }

    /// <summary>Everything in the folder (to check that a failed write left nothing behind).</summary>
    public string[] Entries() => Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).OfType<string>().Order().ToArray();

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
