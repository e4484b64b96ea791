using Blend.Data;
using Blend.Tests.Cli;

namespace Blend.Tests.Data.Nwb;

/// <summary><c>blend nwb</c>: the files it writes, and its errors (exit 2, one line naming the problem, nothing written).</summary>
public sealed class NwbCommandTests
{
    private static readonly string MazeNwb = NlbTestFiles.Golden("mc_maze_fixture.nwb");
    private static readonly string RttNwb = NlbTestFiles.Golden("mc_rtt/mc_rtt_fixture.nwb");

    [Fact]
    public void WritesTheNlbFileSetThatMatchesNlbTools()
    {
        using var temp = new TempFolder();
        string output = temp.File("maze");
        var result = CliRunner.Run("nwb", MazeNwb, "--dataset", "mc_maze", "--out", output);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Spikes found outside of observed interval", result.Stderr);

        var written = DatasetFileSet.Read(output);
        Assert.Equal("mc_maze", written.Manifest.Name);
        Assert.Equal(140, written.Manifest.WindowBins);
        Assert.Equal(40, written.Manifest.ForwardBins);
        Assert.Equal(28, written.Manifest.UnitIds!.Length);
        var expectedTrain = NlbTrainInput.Read(NlbTestFiles.Golden("train_input.h5"));
        NwbTensorAssert.Exact(expectedTrain.SpikesHeldin, written.TrainInput.SpikesHeldin, "train_spikes_heldin");
        NwbTensorAssert.Close(expectedTrain.Behavior, written.TrainInput.Behavior, "train_behavior");
        var expectedTarget = NlbEvalTarget.Read(NlbTestFiles.Golden("eval_target.h5"))["mc_maze"];
        NwbTensorAssert.Close(expectedTarget.Psth, written.EvalTarget!["mc_maze"].Psth, "psth", relative: 0, absolute: 1e-6);
        Assert.Equal(expectedTarget.EvalCondIdx, written.EvalTarget["mc_maze"].EvalCondIdx);
    }

    [Fact]
    public void TwentyMillisecondBinsNameTheGroupWithTheBinWidth()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("nwb", RttNwb, "--dataset", "mc_rtt", "--bin", "20", "--out", temp.File("rtt20"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var written = DatasetFileSet.Read(temp.File("rtt20"));
        Assert.Equal("mc_rtt_20", written.Manifest.Name);
        Assert.Equal(30, written.Manifest.WindowBins); // 600 ms / 20 ms
        Assert.Equal(10, written.Manifest.ForwardBins);
        Assert.Null(written.EvalTarget!["mc_rtt_20"].Psth);
    }

    [Theory]
    [InlineData("area2_bump", "ctr_hold_bump")]
    [InlineData("dmfc_rsg", "set_time")]
    public void ADatasetWhoseFieldsAreAbsentIsRefusedBeforeAnythingIsRead(string dataset, string missingColumn)
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("nwb", MazeNwb, "--dataset", dataset, "--out", temp.File("out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/intervals/trials", result.Stderr);
        Assert.Contains(missingColumn, result.Stderr);
        Assert.Contains($"--dataset {dataset}", result.Stderr);
        Assert.Empty(temp.Entries());
    }

    [Fact]
    public void AMissingBehaviourSeriesNamesWhatWasFound()
    {
        using var temp = new TempFolder();
        // mc_maze's alignment field is absent from the RTT file's trials, so it fails on the trials first.
        var result = CliRunner.Run("nwb", RttNwb, "--dataset", "mc_maze", "--out", temp.File("out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("move_onset_time", result.Stderr);
        Assert.Empty(temp.Entries());
    }

    [Fact]
    public void AMissingFileOrANonEmptyOutputFolderIsABadInput()
    {
        using var temp = new TempFolder();
        var missing = CliRunner.Run("nwb", temp.File("nope.nwb"), "--dataset", "mc_maze", "--out", temp.File("out"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.nwb", missing.Stderr);

        Directory.CreateDirectory(temp.File("full"));
        File.WriteAllText(Path.Combine(temp.File("full"), "keep.txt"), "x");
        var full = CliRunner.Run("nwb", MazeNwb, "--dataset", "mc_maze", "--out", temp.File("full"));
        Assert.Equal(2, full.ExitCode);
        Assert.Contains("not empty", full.Stderr);
        Assert.Equal(["keep.txt"], Directory.GetFiles(temp.File("full")).Select(Path.GetFileName));
    }

    [Fact]
    public void AFolderLoadsItsNwbFilesInNameOrder()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("dandi"));
        File.Copy(MazeNwb, Path.Combine(temp.File("dandi"), "sub-x_desc-train.nwb"));
        var result = CliRunner.Run("nwb", temp.File("dandi"), "--dataset", "mc_maze", "--out", temp.File("out"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var written = DatasetFileSet.Read(temp.File("out"));
        NwbTensorAssert.Exact(NlbTrainInput.Read(NlbTestFiles.Golden("train_input.h5")).SpikesHeldin, written.TrainInput.SpikesHeldin, "train_spikes_heldin");

        Directory.CreateDirectory(temp.File("empty"));
        var empty = CliRunner.Run("nwb", temp.File("empty"), "--dataset", "mc_maze", "--out", temp.File("out2"));
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("no .nwb files", empty.Stderr);
    }
}
