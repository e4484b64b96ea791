using System.Text.Json;
using System.Text.Json.Nodes;
using Blend.Data;

namespace Blend.Tests.Data;

public class DatasetManifestTests
{
    private static DatasetManifest Imported() => ContinuousImport.Build(
        new ContinuousRecording(ImportTestData.Labelled(100, 6), "s.npy", ImportTestData.Labelled(100, 2), "b.npy"),
        new ContinuousImportOptions { BinMs = 25, WindowBins = 8, ForwardBins = 2, Name = "toy" }).Manifest;

    [Fact]
    public void UsesSnakeCaseKeysLikeNlb()
    {
        using var json = JsonDocument.Parse(Imported().ToJson());
        Assert.Equal(
        [
            "format_version", "name", "generator", "ground_truth_file", "spikes_file", "behavior_file", "nwb_files", "test_phase", "unit_ids", "source_bins",
            "source_bin_ms", "rebin", "bin_ms", "bins", "window_bins", "forward_bins", "neurons", "heldin_neurons",
            "heldout_neurons", "heldout_fraction", "behavior_dims", "validation_trials", "splits", "seed", "files",
        ], json.RootElement.EnumerateObject().Select(p => p.Name));
        var train = json.RootElement.GetProperty("splits").GetProperty("train");
        Assert.Equal(["fraction", "start_bin", "end_bin", "overlap_bins", "window_starts"], train.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("generator").ValueKind);
        Assert.Equal("train_input.h5", json.RootElement.GetProperty("files").GetProperty("train_input").GetString());
    }

    [Fact]
    public void WriteThenReadRoundTrips()
    {
        using var temp = new TempFolder();
        string path = temp.File(DatasetManifest.FileName);
        var manifest = Imported() with { Generator = new JsonObject { ["kind"] = "lorenz", ["dt"] = 0.01 }, GroundTruthFile = "truth.h5" };
        manifest.Write(path);
        var read = DatasetManifest.Read(path);
        Assert.Equal(manifest.ToJson(), read.ToJson());
        Assert.Equal("lorenz", (string?)read.Generator!["kind"]);
        Assert.Equal(manifest.Splits!.Eval.WindowStarts, read.Splits!.Eval.WindowStarts);
        Assert.Equal(manifest.ToJson(), DatasetManifest.Read(temp.Path).ToJson()); // a folder means its dataset.json
    }

    [Fact]
    public void IntListsAreWrittenOnOneLine() =>
        Assert.Contains("\"validation_trials\": [8]", Imported().ToJson());

    [Theory]
    [InlineData("not json", "not a valid dataset manifest")]
    [InlineData("{\"name\": \"x\"}", "not a valid dataset manifest")]
    [InlineData("{\"format_version\": 2}", "not a valid dataset manifest")]
    public void UnreadableManifestsNameTheFile(string text, string message)
    {
        using var temp = new TempFolder();
        string path = temp.File("dataset.json");
        File.WriteAllText(path, text);
        var error = Assert.Throws<BlendInputException>(() => DatasetManifest.Read(path));
        Assert.StartsWith($"{path}: {message}", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    public static TheoryData<Func<DatasetManifest, DatasetManifest>, string> Inconsistent => new()
    {
        { m => m with { FormatVersion = 2 }, "format_version 2 is not supported" },
        { m => m with { Name = "9x" }, "name '9x' is not a usable dataset name" },
        { m => m with { HeldoutNeurons = [0] }, "must together list each of the 6 neurons once" },
        { m => m with { Splits = m.Splits! with { Eval = m.Splits.Eval with { EndBin = 101 } } }, "splits.eval covers bins [80, 101), outside the 100-bin recording" },
        { m => m with { Splits = m.Splits! with { Train = m.Splits.Train with { WindowStarts = [65] } } }, "splits.train has a window starting at bin 65" },
    };

    [Theory]
    [MemberData(nameof(Inconsistent))]
    public void InconsistentManifestsAreRefused(Func<DatasetManifest, DatasetManifest> spoil, string message)
    {
        using var temp = new TempFolder();
        string path = temp.File("dataset.json");
        spoil(Imported()).Write(path);
        var error = Assert.Throws<BlendInputException>(() => DatasetManifest.Read(path));
        Assert.StartsWith($"{path}: ", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void MissingManifestIsNamed()
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<BlendInputException>(() => DatasetManifest.Read(temp.File("dataset.json")));
        Assert.EndsWith("dataset.json: file not found", error.Message);
    }
}
