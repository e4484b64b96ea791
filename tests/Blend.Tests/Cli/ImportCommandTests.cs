using System.Globalization;
using Blend.Data;
using Blend.Tests.Data;

namespace Blend.Tests.Cli;

/// <summary>
/// `blend import` on both real recordings with the README's commands, then `blend evaluate` on the result with a
/// mean-rate submission: the imported file set is complete and scorable.
/// </summary>
public class ImportCommandTests
{
    public static TheoryData<string, string[], string[]> RealRecordings => new()
    {
        {
            "buddy",
            ["--spikes", ImportTestData.BuddySpikes, "--behavior", ImportTestData.BuddyPosition,
             "--bin-ms", "25", "--window", "40", "--forward", "8", "--overlap", "10", "--name", "buddy"],
            ["│ train      │    0–4604 │     120 │      10 │", "│ eval       │ 5262–6577 │      27 │       0 │", "36 held-in, 12 held-out (seed 0)", "3 dims"]
        },
        {
            "chewie",
            ["--spikes", ImportTestData.ChewieSpikes, "--behavior", ImportTestData.ChewieVelocity,
             "--bin-ms", "50", "--window", "20", "--forward", "4", "--name", "chewie"],
            ["│ train      │    0–1273 │      66 │       5 │", "│ validation │ 1273–1454 │       7 │       0 │", "53 held-in, 18 held-out (seed 0)", "2 dims"]
        },
    };

    [Theory]
    [MemberData(nameof(RealRecordings))]
    public void ImportsARealRecordingThatEvaluateScores(string name, string[] arguments, string[] summary)
    {
        using var temp = new TempFolder();
        string folder = temp.File(name);
        var imported = CliRunner.Run(["import", .. arguments, "--out", folder]);

        Assert.True(imported.ExitCode == 0, imported.Stderr);
        Assert.Equal("", imported.Stderr);
        Assert.Contains($"Imported '{name}'", imported.Stdout);
        foreach (string line in summary) Assert.Contains(line, imported.Stdout);
        Assert.Contains(Path.Combine(folder, "dataset.json"), imported.Stdout);

        var dataset = DatasetFileSet.Read(folder);
        string submission = temp.File("submission.h5"), json = temp.File("scores.json");
        ImportTestData.MeanRateBaseline(dataset).Write(submission);
        var evaluated = CliRunner.Run("evaluate", "--target", Path.Combine(folder, "eval_target.h5"), "--submission", submission, "--json", json);

        Assert.True(evaluated.ExitCode == 0, evaluated.Stderr);
        Assert.Contains(name, evaluated.Stdout);
        var scores = Assert.Single(Blend.Reporting.EvaluationJson.Parse(File.ReadAllText(json)));
        Assert.Equal($"{name}_split", scores.Split);
        Assert.All(scores.Metrics, m => Assert.True(double.IsFinite(m.Value), $"{m.Key} = {m.Value.ToString(CultureInfo.InvariantCulture)}"));
    }

    [Fact]
    public void MismatchedRowsExitWith2NamingBothFilesAndWriteNothing()
    {
        using var temp = new TempFolder();
        string wrongBehavior = ImportTestData.RealData("mihi_velocity.npy"); // another recording's behavior
        var result = CliRunner.Run("import", "--spikes", ImportTestData.ChewieSpikes, "--behavior", wrongBehavior,
            "--bin-ms", "50", "--window", "20", "--forward", "4", "--out", temp.File("out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {ImportTestData.ChewieSpikes} has 1818 rows (1818, 71) but {wrongBehavior} has 803 rows (803, 2); both need one row per time bin",
            result.Stderr.Trim());
        Assert.Empty(temp.Entries());
    }

    [Theory]
    [InlineData("--splits", "0.8,0.1,0.2", "--splits: the fractions 0.8,0.1,0.2 sum to 1.1, not 1")]
    [InlineData("--heldout-fraction", "1.5", "--heldout-fraction must be in (0, 1), got 1.5")]
    [InlineData("--window", "400", "--splits 0.7,0.1,0.2: the validation block is 181 bins (bins 1273–1454 of 1818)")]
    [InlineData("--name", "M1-chewie", "--name 'M1-chewie' is not a usable dataset name")]
    public void BadOptionsExitWith2AndWriteNothing(string option, string value, string message)
    {
        using var temp = new TempFolder();
        string[] args = ["import", "--spikes", ImportTestData.ChewieSpikes, "--bin-ms", "50", "--window", "20", "--forward", "4", "--out", temp.File("out")];
        int existing = Array.IndexOf(args, option);
        if (existing >= 0) args[existing + 1] = value;
        else args = [.. args, option, value];
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {message}", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Empty(temp.Entries());
    }

    [Fact]
    public void ANonEmptyOutputFolderIsRefused()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("notes.txt"), "keep");
        var result = CliRunner.Run("import", "--spikes", ImportTestData.ChewieSpikes, "--bin-ms", "50", "--window", "20",
            "--forward", "4", "--out", temp.Path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("output folder exists and is not empty", result.Stderr);
        Assert.Equal(["notes.txt"], temp.Entries());
    }

    [Fact]
    public void MissingSpikesFileIsNamed()
    {
        using var temp = new TempFolder();
        string missing = temp.File("none.npy");
        var result = CliRunner.Run("import", "--spikes", missing, "--bin-ms", "50", "--window", "20", "--forward", "4", "--out", temp.File("out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {missing}: file not found", result.Stderr.Trim());
    }

    [Fact]
    public void MissingRequiredOptionIsAUsageError()
    {
        var result = CliRunner.Run("import", "--spikes", ImportTestData.ChewieSpikes, "--bin-ms", "50", "--window", "20", "--forward", "4");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out", result.Stderr);
    }
}
