using System.Text.Json;
using Blend.Data;
using Blend.Tests.Data;

namespace Blend.Tests.Cli;

public class SynthBugeonCommandTests
{
    [Fact]
    public void WritesTheFolderAndPrintsASummary()
    {
        using var temp = new TempFolder();
        string folder = temp.File("bugeon");
        var result = CliRunner.Run("synth", "bugeon", "--out", folder, "--size", "ci", "--seed", "4",
            "--sigma-w", "0.08", "--lambda-n", "1", "--kappa", "2", "--rho", "0.5");
        Assert.True(result.ExitCode == 0, result.Stderr);
        foreach (string text in new[] { "SynthBugeon (ci)", "4 mice × 2 sessions", "Lamp5", "Sncg", "Serpinf1", "running", "synchronised", "Wrote", "test mouse SX04" })
            Assert.Contains(text, result.Stdout);

        Assert.Equal(["SX01", "SX02", "SX03", "SX04"], Directory.GetDirectories(folder).Select(Path.GetFileName).Order());
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "synth.manifest.json")));
        var options = manifest.RootElement.GetProperty("options");
        Assert.Equal(("ci", 4), (options.GetProperty("size").GetString(), options.GetProperty("seed").GetInt32()));
        Assert.Equal((0.08, 1.0, 2.0, 0.5), (options.GetProperty("sigma_w").GetDouble(), options.GetProperty("lambda_n").GetDouble(),
            options.GetProperty("kappa").GetDouble(), options.GetProperty("rho").GetDouble()));
        var activity = NpyFile.Read(Path.Combine(folder, "SX01", "2026-01-05", "Blank", "01", "frame.neuralActivity.npy"));
        Assert.Equal([1200, 150], activity.Shape);
    }

    [Fact]
    public void ExistingNonEmptyOutputFolderIsRefused()
    {
        using var temp = new TempFolder();
        string folder = temp.File("used");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");
        var result = CliRunner.Run("synth", "bugeon", "--out", folder, "--size", "ci");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not empty", result.Stderr);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
        Assert.Equal(["used"], temp.Entries());
    }

    [Theory]
    [InlineData("--size", "huge", "--size")]
    [InlineData("--rho", "1.5", "--rho")]
    [InlineData("--sigma-w", "-0.1", "--sigma-w")]
    [InlineData("--kappa", "many", "many")]
    public void BadOptionsExitWith2AndWriteNothing(string option, string value, string named)
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("synth", "bugeon", "--out", temp.File("x"), "--size", "ci", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.Stderr);
        Assert.Empty(temp.Entries());
    }

    [Fact]
    public void PlainSynthStillNeedsItsOwnOptionsAndListsTheSubcommand()
    {
        var help = CliRunner.Run("synth", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("bugeon", help.Stdout);
        Assert.Contains("--generator", help.Stdout);
        var missing = CliRunner.Run("synth");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--out", missing.Stderr);
    }
}
