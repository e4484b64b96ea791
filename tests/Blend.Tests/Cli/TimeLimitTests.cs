using System.Diagnostics;
using Blend.Cli;
using Blend.Evaluation.Results;
using Blend.Tests.Data;
using Blend.Tests.Experiments;
using Blend.Tests.Training;

namespace Blend.Tests.Cli;

/// <summary>A budget that finishes: <c>--time-limit</c> stops training at its best checkpoint, and says so.</summary>
[Collection(TorchTrainingCollection.Name)]
public sealed class TimeLimitTests
{
    private static readonly string[] Endless =
        [.. BlendExperimentTests.Tiny.Where(s => !s.StartsWith("training.epochs")).SelectMany(s => new[] { "--set", s }), "--set", "training.epochs=1000000", "--set", "training.patience=1000000"];

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("2h", 7200)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5", 90)]
    public void DurationsParse(string text, double seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), CliOptions.ParseDuration(text));

    [Theory]
    [InlineData("")]
    [InlineData("0m")]
    [InlineData("-5m")]
    [InlineData("5 parsecs")]
    [InlineData("m5")]
    public void BadDurationsAreRefused(string text) => Assert.Null(CliOptions.ParseDuration(text));

    [Fact]
    public void TrainStopsAtTheLimitAndScoresTheBestCheckpoint()
    {
        using var temp = new TempFolder();
        var clock = Stopwatch.StartNew();
        var result = CliRunner.Run(["train", "--data", BlendExperimentTests.DataFolder.Value, "--out", temp.File("run"), "--time-limit", "3s", .. Endless]);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.Contains("Stopped by --time-limit after", result.Stdout);
        Assert.Contains("--time-limit reached", result.Stdout);
        Assert.True(File.Exists(temp.File("run/scores.json")));
        var bad = CliRunner.Run(["train", "--data", BlendExperimentTests.DataFolder.Value, "--out", temp.File("bad"), "--time-limit", "soon", .. Endless]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--time-limit: 'soon' is not a duration", bad.Stderr);
    }

    [Fact]
    public void AnExperimentSharesItsBudgetAndRecordsWhoRanOutOfIt()
    {
        using var temp = new TempFolder();
        var clock = Stopwatch.StartNew();
        var result = CliRunner.Run(["run", "--data", BlendExperimentTests.DataFolder.Value, "--out", temp.File("exp"), "--seeds", "1", "--strategies", "hard",
            "--time-limit", "6s", .. Endless]);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"took {clock.Elapsed}");
        var results = ExperimentResults.FromJson(File.ReadAllText(temp.File("exp/results.json")));
        var trained = results.Models.Where(m => m.Role != ModelRole.Reference).SelectMany(m => m.Runs).ToList();
        Assert.All(trained, r => Assert.Equal("time_limit", r.StopReason));
        Assert.Contains("used its share of --time-limit", result.Stdout);
    }
}
