using Blend.Cli;
using Blend.Training;

namespace Blend.Tests.Cli;

/// <summary>Progress without a terminal: the first validation, then at most a line every 10 s, with the time left.</summary>
public sealed class PlainProgressTests
{
    private static ValidationRecord At(int epoch) => new(epoch, epoch * 10, 1.0, 0.9, 1e-3, epoch, 0.9, true, "clean");

    [Fact]
    public void PrintsTheFirstValidationThenAtMostEveryTenSecondsWithTheTimeLeft()
    {
        var now = TimeSpan.Zero;
        var output = new StringWriter();
        var log = new PlainValidationLog(output, "[1/3] baseline  ", endEpoch: 1000, clock: () => now);
        log.Validated(At(1));
        now = TimeSpan.FromSeconds(4);
        log.Validated(At(3)); // within 10 s of the last line: skipped
        now = TimeSpan.FromSeconds(11);
        log.Validated(At(12)); // 11 epochs in 11 s → 988 left at 1 s each
        var lines = output.ToString().TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("[1/3] baseline  epoch      1/1000", lines[0]);
        Assert.DoesNotContain("left", lines[0]);
        Assert.StartsWith("[1/3] baseline  epoch     12/1000", lines[1]);
        Assert.EndsWith("~16 min left", lines[1].TrimEnd());
    }

    [Theory]
    [InlineData(30, "~30 s left")]
    [InlineData(600, "~10 min left")]
    [InlineData(4 * 3600, "~4.0 h left")]
    [InlineData(23 * 24 * 3600, "~23.0 days left")]
    public void TimeLeftReadsAsPeopleSayIt(int seconds, string expected) =>
        Assert.Equal(expected, PlainValidationLog.Remaining(TimeSpan.FromSeconds(seconds)));
}
