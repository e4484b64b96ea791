using System.Text.Json;
using Blend.Data;
using Blend.Evaluation;

namespace Blend.Tests.Evaluation;

/// <summary>
/// Loads TestData/golden/nlb_metrics.json (inputs and outputs of nlb_tools.evaluation) from the repository
/// root, which is found by walking up from the test binaries to the folder holding Blend.sln.
/// </summary>
internal static class GoldenMetrics
{
    private static readonly Lazy<JsonElement[]> LazyCases = new(Load);

    public static IReadOnlyList<JsonElement> Cases => LazyCases.Value;

    public static TheoryData<int> IndicesOf(string kind)
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Cases.Count; i++)
            if (Cases[i].GetProperty("kind").GetString() == kind) data.Add(i);
        return data;
    }

    private static JsonElement[] Load()
    {
        string path = Blend.Tests.Data.NlbTestFiles.GoldenFile("nlb_metrics.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToArray();
    }

    /// <summary>A nested 3-level list as trials × time × channels; null entries are NaN.</summary>
    public static Array3 Array3(JsonElement element)
    {
        var trials = element.EnumerateArray().ToArray();
        int time = trials.Length == 0 ? 0 : trials[0].GetArrayLength();
        int channels = time == 0 ? 0 : trials[0][0].GetArrayLength();
        var result = new Array3(trials.Length, time, channels);
        int index = 0;
        foreach (var trial in trials)
        {
            Assert.Equal(time, trial.GetArrayLength());
            foreach (var bin in trial.EnumerateArray())
            {
                Assert.Equal(channels, bin.GetArrayLength());
                foreach (var value in bin.EnumerateArray()) result.Values[index++] = Number(value);
            }
        }
        return result;
    }

    /// <summary>trials × masks; entries are 0/1 or booleans.</summary>
    public static bool[,] Mask(JsonElement element)
    {
        var rows = element.EnumerateArray().ToArray();
        int cols = rows.Length == 0 ? 0 : rows[0].GetArrayLength();
        var mask = new bool[rows.Length, cols];
        for (int r = 0; r < rows.Length; r++)
        {
            var values = rows[r].EnumerateArray().ToArray();
            for (int c = 0; c < cols; c++)
                mask[r, c] = values[c].ValueKind == JsonValueKind.True
                             || (values[c].ValueKind == JsonValueKind.Number && values[c].GetDouble() != 0);
        }
        return mask;
    }

    public static int[][] Jagged(JsonElement element) =>
        element.EnumerateArray().Select(Ints).ToArray();

    public static int[] Ints(JsonElement element) =>
        element.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    private static double Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? double.NaN : value.GetDouble();

    public static void AssertRelative(double expected, double actual, double tolerance)
    {
        double error = Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), double.Epsilon);
        Assert.True(error <= tolerance,
            $"expected {expected:R}, got {actual:R}: relative error {error:E3} > {tolerance:E1}");
    }
}
