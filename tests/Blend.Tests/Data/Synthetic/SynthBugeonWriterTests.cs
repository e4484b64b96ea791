using System.Globalization;
using System.Text.Json;
using Blend.Data;
using Blend.Data.Identity.Synthetic;

namespace Blend.Tests.Data.Synthetic;

/// <summary>The SynthBugeon folder: the Bugeon layout with the right shapes and dtypes, byte-identical for a seed,
/// and a ground-truth sidecar that agrees with what the model-facing files say.</summary>
public class SynthBugeonWriterTests
{
    private static readonly Lazy<SynthBugeonDataset> CiData = new(() => SynthBugeonDataset.Generate(SynthBugeonGeneratorTests.Ci(seed: 2)));

    private static string WriteCi(TempFolder temp, string name)
    {
        string folder = temp.File(name);
        SynthBugeonWriter.Write(CiData.Value, SynthBugeonSummary.Of(CiData.Value), folder);
        return folder;
    }

    [Fact]
    public void WritesTheBugeonLayoutWithTheRightShapesAndDtypes()
    {
        using var temp = new TempFolder();
        string root = WriteCi(temp, "bugeon");
        Assert.Equal(["SX01", "SX02", "SX03", "SX04"], Directory.GetDirectories(root).Select(Path.GetFileName).Order());
        Assert.Equal([SynthBugeonWriter.StateNamesFile, SynthBugeonWriter.ManifestFile, SynthBugeonWriter.TTypeNamesFile],
            Directory.GetFiles(root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["Running", "Stationary Desynchronized", "Stationary Synchronized"], File.ReadAllLines(Path.Combine(root, "states.names.txt")));
        var ttypeNames = File.ReadAllLines(Path.Combine(root, "ttypes.names.txt"));
        Assert.Equal(16, ttypeNames.Length); // 5 subclasses × 3 t-types + Serpinf1
        Assert.Contains("Vip-synth2", ttypeNames);
        Assert.Contains("Serpinf1-synth0", ttypeNames);

        foreach (var session in CiData.Value.Sessions)
        {
            string folder = Path.Combine(root, session.Mouse.Name, session.Date);
            string recording = Path.Combine(folder, "Blank", "01");
            int n = session.NeuronCount, t = session.Frames;
            Assert.Equal(["neuron.UniqueID.npy", "neuron.stackPosCorrected.npy", "neuron.ttype.txt", "synth.truth.csv"],
                Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(["eye.size.npy", "eye.times.npy", "frame.neuralActivity.npy", "frame.states.npy", "frame.times.npy", "running.speed.npy", "running.times.npy"],
                Directory.GetFiles(recording).Select(Path.GetFileName).Order(StringComparer.Ordinal));

            var activity = Npy(recording, "frame.neuralActivity.npy", "<f4", [t, n]);
            Assert.Equal(session.Activity.Select(v => (double)v), activity.Values);
            Assert.Equal([0.0, 1.0, 2.0], Npy(recording, "frame.states.npy", "<f8", [t, 1]).Values.Distinct().Order());
            Assert.Equal(session.Behavior.FrameTimes, Npy(recording, "frame.times.npy", "<f8", [t, 1]).Values);
            int runningSamples = session.Behavior.RunningTimes.Length, eyeSamples = session.Behavior.EyeTimes.Length;
            Npy(recording, "running.speed.npy", "<f8", [runningSamples, 1]);
            Npy(recording, "running.times.npy", "<f8", [runningSamples, 1]);
            Assert.Contains(Npy(recording, "eye.size.npy", "<f8", [eyeSamples, 1]).Values, double.IsNaN);
            Npy(recording, "eye.times.npy", "<f8", [eyeSamples, 1]);

            var uids = Npy(folder, "neuron.UniqueID.npy", "<f8", [n, 1]).Values;
            var ttypes = File.ReadAllLines(Path.Combine(folder, "neuron.ttype.txt"));
            Assert.Equal(n, ttypes.Length);
            for (int i = 0; i < n; i++)
                Assert.Equal(ttypes[i] is "EC" or "IN", double.IsNaN(uids[i])); // NaN exactly for EC and unlabelled IN
            Assert.All(ttypes.Where(line => line is not ("EC" or "IN")), line => Assert.Contains(line, ttypeNames));
            var positions = Npy(folder, "neuron.stackPosCorrected.npy", "<f8", [n, 3]).Values;
            for (int i = 0; i < n; i++)
            {
                Assert.InRange(positions[3 * i], 0, 500);
                Assert.InRange(positions[3 * i + 1], 0, 500);
                Assert.Contains(positions[3 * i + 2], SynthNeuron.PlaneDepths);
            }
        }
    }

    [Fact]
    public void SameSeedWritesByteIdenticalFiles()
    {
        using var temp = new TempFolder();
        string a = WriteCi(temp, "a");
        string b = temp.File("b");
        var again = SynthBugeonDataset.Generate(SynthBugeonGeneratorTests.Ci(seed: 2));
        SynthBugeonWriter.Write(again, SynthBugeonSummary.Of(again), b);
        var files = Files(a);
        Assert.Equal(files, Files(b));
        Assert.Equal(8 * 11 + 3, files.Length);
        foreach (string file in files)
            Assert.True(File.ReadAllBytes(Path.Combine(a, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, file))), file);
    }

    [Fact]
    public void TheTruthSidecarAgreesWithTheFilesAModelReads()
    {
        using var temp = new TempFolder();
        string root = WriteCi(temp, "bugeon");
        foreach (var session in CiData.Value.Sessions)
        {
            string folder = Path.Combine(root, session.Mouse.Name, session.Date);
            var uids = NpyFile.Read(Path.Combine(folder, "neuron.UniqueID.npy")).Values;
            var ttypes = File.ReadAllLines(Path.Combine(folder, "neuron.ttype.txt"));
            var rows = File.ReadAllLines(Path.Combine(folder, "synth.truth.csv"));
            Assert.Equal(string.Join(',', SynthBugeonWriter.TruthColumns), rows[0]);
            Assert.Equal(session.NeuronCount + 1, rows.Length);
            for (int i = 0; i < session.NeuronCount; i++)
            {
                var cells = rows[i + 1].Split(',');
                Assert.Equal(SynthBugeonWriter.TruthColumns.Count, cells.Length);
                Assert.Equal(i.ToString(CultureInfo.InvariantCulture), cells[0]);
                Assert.Equal(double.IsNaN(uids[i]) ? "" : ((int)uids[i]).ToString(CultureInfo.InvariantCulture), cells[1]);
                Assert.Equal(ttypes[i] == "EC" ? "EC" : "IN", cells[2]);
                Assert.Equal(ttypes[i], cells[4]);
                if (ttypes[i] == "EC") Assert.Equal("", cells[3]);
                else if (ttypes[i] != "IN") Assert.Equal(ttypes[i][..ttypes[i].IndexOf('-')], cells[3]); // the t-type's subclass
                else Assert.Contains(cells[3], new[] { "Lamp5", "Vip", "Pvalb", "Sst", "Sncg" }); // the subclass its parameters follow
                var parameters = session.Neurons[i].Parameters;
                Assert.Equal(parameters.RateHz, double.Parse(cells[5], CultureInfo.InvariantCulture));
                Assert.Equal(parameters.BetaSync, double.Parse(cells[12], CultureInfo.InvariantCulture));
                Assert.Equal(parameters.NoiseSd, double.Parse(cells[15], CultureInfo.InvariantCulture));
            }
        }
    }

    [Fact]
    public void TheManifestRecordsTheOptionsTheTestMouseAndTheCounts()
    {
        using var temp = new TempFolder();
        string root = WriteCi(temp, "bugeon");
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "synth.manifest.json")));
        var json = manifest.RootElement;
        Assert.Equal("synth-bugeon", json.GetProperty("generator").GetString());
        var options = json.GetProperty("options");
        Assert.Equal("ci", options.GetProperty("size").GetString());
        Assert.Equal(2, options.GetProperty("seed").GetInt32());
        Assert.Equal(0.05, options.GetProperty("sigma_w").GetDouble());
        Assert.Equal(0.3, options.GetProperty("lambda_n").GetDouble());
        Assert.Equal(1.5, options.GetProperty("kappa").GetDouble());
        Assert.Equal(0.3, options.GetProperty("rho").GetDouble());
        Assert.Equal("SX04", json.GetProperty("test_mouse").GetString());
        var summary = json.GetProperty("summary");
        Assert.Equal(8, summary.GetProperty("sessions").GetInt32());
        Assert.Equal(1200, summary.GetProperty("neuron_sessions").GetInt32());
        var byType = summary.GetProperty("unique_labelled_by_type");
        Assert.Equal(summary.GetProperty("unique_labelled_cells").GetInt32(), byType.EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.Equal(1000, summary.GetProperty("per_mouse")[0].GetProperty("first_unique_id").GetInt32());
        Assert.Equal(31000, summary.GetProperty("per_mouse")[3].GetProperty("first_unique_id").GetInt32());
    }

    [Fact]
    public void ANonEmptyFolderIsRefusedAndLeftAlone()
    {
        using var temp = new TempFolder();
        string folder = temp.File("used");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");
        var error = Assert.Throws<BlendInputException>(() => WriteCi(temp, "used"));
        Assert.Contains("not empty", error.Message);
        Assert.Equal(["used"], temp.Entries()); // no temporary folder left behind
        Assert.Equal(["notes.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    private static NpyArray Npy(string folder, string file, string dtype, int[] shape)
    {
        var array = NpyFile.Read(Path.Combine(folder, file));
        Assert.Equal(dtype, array.Dtype);
        Assert.Equal(shape, array.Shape);
        return array;
    }

    private static string[] Files(string root) =>
        [.. Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)];
}
