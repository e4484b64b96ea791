using Blend.Data;
using Blend.Tests.Data;

namespace Blend.Tests.Cli;

public class SynthNwbCommandTests
{
    [Fact]
    public void WritesTheFileAndPrintsASummary()
    {
        using var temp = new TempFolder();
        string path = temp.File("rtt.nwb");
        var result = CliRunner.Run("synth", "nwb", "--dataset", "mc_rtt", "--size", "small", "--seed", "3", "--out", path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        foreach (string text in new[] { "mc_rtt (small)", "seed 3", "41 (train 27, val 10, test 2, none 2)", "22 (16 held-in, 6 held-out)",
                     "spikes", "duration", "finger_pos, finger_vel, target_pos", "Wrote", " MB in " })
            Assert.Contains(text, result.Stdout);
        Assert.Equal(["rtt.nwb"], temp.Entries());
        using var reader = Hdf5Reader.Open(path);
        Assert.Equal(["blend-synth-mc_rtt-small-seed3"], reader.ReadStrings("/identifier"));
    }

    [Fact]
    public void DefaultsToASmallMazeSession()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("synth", "nwb", "--out", temp.File("maze.nwb"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("mc_maze (small), seed 0", result.Stdout);
        Assert.Contains("hand_pos, hand_vel", result.Stdout);
    }

    [Theory]
    [InlineData("--dataset", "area2_bump")]
    [InlineData("--size", "huge")]
    [InlineData("--seed", "many")]
    public void BadOptionsExitWith2AndWriteNothing(string option, string value)
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("synth", "nwb", option, value, "--out", temp.File("x.nwb"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(value, result.Stderr);
        Assert.Empty(temp.Entries());
    }

    [Fact]
    public void MissingOutputFolderIsBadInput()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("synth", "nwb", "--out", Path.Combine(temp.Path, "missing", "x.nwb"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Stderr);
    }
}
