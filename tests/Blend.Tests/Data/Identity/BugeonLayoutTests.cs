using Blend.Data;
using Blend.Data.Identity;

namespace Blend.Tests.Data.Identity;

/// <summary>Which folders are sessions, in which order, and which files are never read.</summary>
public class BugeonLayoutTests
{
    [Fact]
    public void SessionsAreMouseDateFoldersWithNeuronFilesInOrdinalOrder()
    {
        using var root = new TempFolder();
        foreach (var (mouse, date) in new[] { ("sb026", "2019-10-11"), ("SB030", "2020-01-08"), ("SB025", "2019-10-07"), ("SB025", "2019-10-04") })
            BugeonTestFolder.Write(root.Path, mouse, date, BugeonTestSession.Simple());
        // Not sessions: a date folder without neuron files, a folder one level too shallow, and loose files.
        Directory.CreateDirectory(Path.Combine(root.Path, "SB025", "notes"));
        File.WriteAllText(Path.Combine(root.Path, "SB025", "readme.txt"), "x");
        File.WriteAllText(Path.Combine(root.Path, "states.names.txt"), "Running\nStationary Desynchronized\nStationary Synchronized\n");
        File.WriteAllText(Path.Combine(root.Path, "synth.manifest.json"), "{ not json");

        var dataset = IdentityDataset.Load(root.Path);
        Assert.Equal(["SB025/2019-10-04", "SB025/2019-10-07", "SB030/2020-01-08", "sb026/2019-10-11"],
            dataset.Sessions.Select(s => $"{s.Mouse}/{s.Date}"));
        Assert.Equal(Path.Combine(root.Path, "SB025", "2019-10-04"), dataset.Sessions[0].Folder);
        Assert.Equal(root.Path, dataset.Folder);
    }

    [Fact]
    public void SidecarsAndUnusedFilesAreNeverRead()
    {
        using var root = new TempFolder();
        string session = BugeonTestFolder.Write(root.Path, "M1", "d1", BugeonTestSession.Simple());
        // Unreadable if anyone tried: a truth sidecar, gene counts that are not .npy, a stray file in the recording.
        File.WriteAllText(Path.Combine(session, "synth.truth.csv"), "\0\0 not a table");
        File.WriteAllText(Path.Combine(session, "neuron.gene_count.npy"), "not npy");
        File.WriteAllText(Path.Combine(session, "Blank", "01", "eye.xPos.npy"), "not npy");
        Assert.Single(IdentityDataset.Load(root.Path).Sessions);
    }

    [Fact]
    public void TheRecordingFolderIsConfigurable()
    {
        using var root = new TempFolder();
        BugeonTestFolder.Write(root.Path, "M1", "d1", BugeonTestSession.Simple(), recording: "Natural Scenes/02");
        var session = Assert.Single(IdentityDataset.Load(root.Path, new IdentityLoadOptions { RecordingFolder = "Natural Scenes/02" }).Sessions);
        Assert.Equal(6, session.Frames);
        var error = Assert.Throws<BlendInputException>(() => IdentityDataset.Load(root.Path));
        Assert.Contains(Path.Combine("Blank", "01", BugeonLayout.ActivityFile), error.Message);
    }
}
