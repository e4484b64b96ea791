using Blend.Data;
using Blend.Evaluation;
using Blend.Reporting;
using Blend.Tests.Data;

namespace Blend.Tests.Cli;

/// <summary>
/// `blend evaluate` on files written by h5py, against what nlb_tools.evaluate returned for the same files
/// (TestData/evaluate, made by its make_fixture.py): every NLB dataset kind, scaling subsets, a _20 group, decode
/// masks, jitter, DMFC's tp corr, a zero rate, NaN behaviour rows and a submitted dataset without target.
/// </summary>
public class EvaluateCommandTests
{
    private static string Fixture(string name) =>
        Path.Combine(NlbTestFiles.RepoRoot, "tests", "Blend.Tests", "TestData", "evaluate", name);

    private static readonly string Target = Fixture("eval_target.h5");
    private static readonly string Submission = Fixture("submission.h5");

    [Fact]
    public void MatchesNlbToolsOnH5pyWrittenFiles()
    {
        using var temp = new TempFolder();
        string json = temp.File("scores.json");
        var result = CliRunner.Run("evaluate", "--target", Target, "--submission", Submission, "--json", json);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Evaluation data for mc_maze_medium not found", result.Stderr);
        var expected = EvaluationJson.Parse(File.ReadAllText(Fixture("expected.json")));
        var actual = EvaluationJson.Parse(File.ReadAllText(json));
        Assert.Equal(expected.Select(s => s.Split), actual.Select(s => s.Split));
        foreach (var (want, got) in expected.Zip(actual))
        {
            Assert.Equal(want.Metrics.Select(m => m.Key), got.Metrics.Select(m => m.Key));
            foreach (var ((metric, wantValue), (_, gotValue)) in want.Metrics.Zip(got.Metrics))
            {
                // Ridge regression and Pearson r go through different (equally exact) linear algebra than numpy.
                double tolerance = metric.Contains("vel R2") || metric.Contains("tp corr") ? 1e-7 : 1e-9;
                Assert.True(Math.Abs(gotValue - wantValue) <= tolerance * Math.Abs(wantValue),
                    $"{want.Split} {metric}: {gotValue:R} vs nlb_tools {wantValue:R}");
            }
        }
        Assert.Contains("mc_maze_scaling [100]", result.Stdout);
        Assert.Contains("co-bps", result.Stdout);
        Assert.Contains("0.0088", result.Stdout); // mc_maze co-bps, rounded for people
    }

    [Fact]
    public void MissingFileIsOneLineWithExitCode2AndWritesNothing()
    {
        using var temp = new TempFolder();
        string json = temp.File("scores.json");
        string missing = temp.File("nope.h5");
        var result = CliRunner.Run("evaluate", "--target", missing, "--submission", Submission, "--json", json);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(missing, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Empty(temp.Entries());
    }

    [Fact]
    public void NotHdf5IsRejected()
    {
        using var temp = new TempFolder();
        string text = temp.File("target.h5");
        File.WriteAllText(text, "trial,time,neuron\n1,2,3\n");
        var result = CliRunner.Run("evaluate", "--target", text, "--submission", Submission);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(text, result.Stderr);
        Assert.Contains("not an HDF5 file", result.Stderr);
    }

    [Fact]
    public void RateShapeMismatchNamesBothFilesKeysAndShapes()
    {
        using var temp = new TempFolder();
        string submission = temp.File("bad.h5");
        string json = temp.File("scores.json");
        var good = NlbSubmission.Read(Submission)["mc_maze"];
        Cut(good, dropHeldoutNeuron: true).Write(submission);
        var result = CliRunner.Run("evaluate", "--target", Target, "--submission", submission, "--json", json);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{submission}: /mc_maze/eval_rates_heldout has shape (16, 20, 3)", result.Stderr);
        Assert.Contains($"{Target}: /mc_maze/eval_spikes_heldout has shape (16, 20, 4)", result.Stderr);
        Assert.False(File.Exists(json));
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(-0.5, "negative")]
    public void BadRateValuesAreRejected(double bad, string word)
    {
        using var temp = new TempFolder();
        string submission = temp.File("bad.h5");
        var rates = NlbSubmission.Read(Submission)["mc_maze"];
        rates.EvalRatesHeldout[3, 4, 1] = bad;
        new NlbSubmission("mc_maze", rates).Write(submission);
        var result = CliRunner.Run("evaluate", "--target", Target, "--submission", submission);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(submission, result.Stderr);
        Assert.Contains("/mc_maze", result.Stderr);
        Assert.Contains(word, result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void NoDatasetInCommonIsAnError()
    {
        using var temp = new TempFolder();
        string submission = temp.File("other.h5");
        var rates = NlbSubmission.Read(Submission)["mc_maze"];
        new NlbSubmission("mc_maze_medium_20", rates).Write(submission);
        var result = CliRunner.Run("evaluate", "--target", Target, "--submission", submission);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no dataset group in common", result.Stderr);
    }

    [Fact]
    public void MissingRequiredOptionIsUsageError()
    {
        var result = CliRunner.Run("evaluate", "--target", Target);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--submission", result.Stderr);
    }

    [Fact]
    public void CustomDatasetGroupsAreScoredToo()
    {
        using var temp = new TempFolder();
        var target = NlbEvalTarget.Read(Target)["mc_rtt"];
        var rates = NlbSubmission.Read(Submission)["mc_rtt"];
        string targetFile = temp.File("target.h5"), submissionFile = temp.File("submission.h5");
        new NlbEvalTarget("synth_lorenz", target).Write(targetFile);
        new NlbSubmission("synth_lorenz", rates).Write(submissionFile);
        var custom = NlbEvaluator.Evaluate(NlbEvalTarget.Read(targetFile), NlbSubmission.Read(submissionFile));
        var reference = NlbEvaluator.Evaluate(NlbEvalTarget.Read(Target), NlbSubmission.Read(Submission))
            .Single(s => s.Split == "mc_rtt_split");
        Assert.Equal("synth_lorenz_split", Assert.Single(custom).Split);
        Assert.Equal(reference.Metrics, custom[0].Metrics);
    }

    private static NlbSubmission Cut(NlbDatasetRates rates, bool dropHeldoutNeuron)
    {
        var heldout = rates.EvalRatesHeldout;
        int keep = heldout.Channels - (dropHeldoutNeuron ? 1 : 0);
        var cut = new Array3(heldout.Trials, heldout.Time, keep);
        for (int t = 0; t < heldout.Trials; t++)
            for (int b = 0; b < heldout.Time; b++)
                heldout.Bin(t, b)[..keep].CopyTo(cut.Bin(t, b));
        var trainHeldout = rates.TrainRatesHeldout;
        var trainCut = new Array3(trainHeldout.Trials, trainHeldout.Time, keep);
        for (int t = 0; t < trainHeldout.Trials; t++)
            for (int b = 0; b < trainHeldout.Time; b++)
                trainHeldout.Bin(t, b)[..keep].CopyTo(trainCut.Bin(t, b));
        return new NlbSubmission("mc_maze", new NlbDatasetRates
        {
            TrainRatesHeldin = rates.TrainRatesHeldin,
            TrainRatesHeldout = trainCut,
            EvalRatesHeldin = rates.EvalRatesHeldin,
            EvalRatesHeldout = cut,
        });
    }
}
