using Blend.Cli;
using Blend.Data;
using Blend.Tests.Data;
using Blend.Tests.Experiments;
using Blend.Tests.Training;

namespace Blend.Tests.Cli;

/// <summary>Failures of the environment are one line naming the path and the cause, exit 2, no stack trace.</summary>
[Collection(TorchTrainingCollection.Name)]
public sealed class EnvironmentErrorTests
{
    private static string Evaluate(string name) => Path.Combine(NlbTestFiles.RepoRoot, "tests", "Blend.Tests", "TestData", "evaluate", name);

    [Fact]
    public void AnOutputBelowARegularFileIsOneLineExit2()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("afile"), "");
        var result = CliRunner.Run(["train", "--data", BlendExperimentTests.DataFolder.Value, "--out", temp.File("afile/run"),
            .. BlendExperimentTests.Tiny.SelectMany(s => new[] { "--set", s })]);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.Contains(temp.File("afile/run"), result.Stderr);
        Assert.Contains("a part of the path is a file", result.Stderr);
        Assert.DoesNotContain("internal error", result.Stderr);
    }

    [Fact]
    public void AJsonFileWhereNoneCanBeCreatedIsOneLineNamingItNotItsTemporaryFile()
    {
        var result = CliRunner.Run("evaluate", "--target", Evaluate("eval_target.h5"), "--submission", Evaluate("submission.h5"), "--json", "/proc/blend-scores.json");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: Could not find file '/proc/blend-scores.json' (no such file, and none can be created there)", result.Stderr);
        Assert.DoesNotContain(".tmp-", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Theory]
    [InlineData(28, "no space left on the device")]
    [InlineData(30, "read-only file system")]
    [InlineData(13, "permission denied")]
    public void ErrnosAreNamed(int errno, string cause)
    {
        var error = new AggregateException(new IOException($"Write failed : '/data/run/.submission.h5.tmp-123-0123456789abcdef0123456789abcdef'", errno));
        Assert.Equal($"Write failed : '/data/run/submission.h5' ({cause})", EnvironmentErrors.Describe(error));
        Assert.Null(EnvironmentErrors.Describe(new InvalidOperationException("a bug")));
    }

    [Fact]
    public void StagingPathsInMessagesNameTheirDestination() =>
        Assert.Equal("cannot write '/x/scores.json'", Staging.DestinationOf("cannot write '/x/.scores.json.tmp-42-0123456789abcdef0123456789abcdef'"));
}
