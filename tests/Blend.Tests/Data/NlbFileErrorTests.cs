using Blend.Data;
using static Blend.Tests.Data.NlbTestFiles;

namespace Blend.Tests.Data;

/// <summary>Every failure is an NlbFileException whose one-line message names the file and the HDF5 path; failed
/// writes leave nothing behind.</summary>
public class NlbFileErrorTests
{
    private static readonly Func<string, object>[] Readers =
    [
        NlbTrainInput.Read,
        NlbEvalInput.Read,
        NlbEvalTarget.Read,
        NlbSubmission.Read,
        path => Hdf5Reader.Open(path),
    ];

    private static NlbFileException AssertError(Action action, string file, string? key, params string[] fragments)
    {
        var error = Assert.Throws<NlbFileException>(action);
        Assert.Equal(file, error.File);
        Assert.Equal(key, error.Key);
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith(key is null ? $"{file}: " : $"{file}: {key}: ", error.Message, StringComparison.Ordinal);
        foreach (string fragment in fragments) Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        return error;
    }

    private static Array3 Ones(int trials, int time, int channels) => Array3.Filled(trials, time, channels, 1);

    [Fact]
    public void MissingFileIsReportedByEveryReader()
    {
        using var temp = new TempFolder();
        string path = temp.File("nope.h5");
        foreach (var read in Readers) AssertError(() => read(path), path, null, "file not found");
        AssertError(() => Hdf5Reader.Open(temp.Path), temp.Path, null, "is a folder");
    }

    [Fact]
    public void NonHdf5FilesAreRephrased()
    {
        using var temp = new TempFolder();
        string random = temp.File("random.h5"), empty = temp.File("empty.h5"), text = temp.File("text.h5");
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        File.WriteAllBytes(random, bytes);
        File.WriteAllBytes(empty, []);
        File.WriteAllText(text, "train_spikes_heldin,1,2,3\n");
        foreach (string path in new[] { random, empty, text })
            foreach (var read in Readers)
                AssertError(() => read(path), path, null, "not an HDF5 file");
    }

    [Fact]
    public void TruncatedHdf5FileIsAnNlbFileException()
    {
        using var temp = new TempFolder();
        string path = temp.File("truncated.h5");
        File.WriteAllBytes(path, File.ReadAllBytes(Golden("train_input.h5"))[..3000]);
        var error = Assert.Throws<NlbFileException>(() => NlbTrainInput.Read(path));
        Assert.Equal(path, error.File);
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingKeyListsWhatIsThere()
    {
        string path = Golden("eval_input.h5");
        AssertError(() => NlbTrainInput.Read(path), path, "/train_spikes_heldin",
            "missing", "the file root has: eval_spikes_heldin, eval_spikes_heldout");
    }

    [Fact]
    public void MissingKeyInsideADatasetGroupListsTheGroup()
    {
        using var temp = new TempFolder();
        string path = temp.File("target.h5");
        new NlbFileWriter().AddFloat32("mc_maze/psth", Ones(2, 3, 4)).AddFloat32("mc_maze/train_behavior", Ones(2, 3, 2)).Write(path);
        AssertError(() => NlbEvalTarget.Read(path), path, "/mc_maze/eval_spikes_heldout", "missing", "/mc_maze has: psth, train_behavior");
    }

    [Fact]
    public void ReaderNamesMissingGroupsAndWrongKinds()
    {
        string path = Fixture("h5py_dtypes.h5");
        using var reader = Hdf5Reader.Open(path);
        AssertError(() => reader.ReadArray3("nope/x"), path, "/nope/x", "missing group /nope", "the file root has:", "empty_group/");
        AssertError(() => reader.ReadArray3("empty_group"), path, "/empty_group", "is a group, expected a dataset");
        AssertError(() => reader.ReadArray3("bool/x"), path, "/bool/x", "/bool is a dataset, not a group");
        AssertError(() => reader.ChildNames("int8"), path, "/int8", "is a dataset, expected a group");
        AssertError(() => reader.ReadArray3("int8"), path, "/int8", "expected rank 3", "found rank 2 with shape (2, 3)");
    }

    [Fact]
    public void UnsupportedDtypesAreNamed()
    {
        string path = Fixture("h5py_dtypes.h5");
        using var reader = Hdf5Reader.Open(path);
        AssertError(() => reader.ReadDoubles("strings", out _), path, "/strings", "unsupported dtype string");
        AssertError(() => reader.ReadDoubles("float32_big_endian", out _), path, "/float32_big_endian", "cannot decode float32 data");
        AssertError(() => reader.ReadInt32Vector("int64_too_big"), path, "/int64_too_big", "int64 value does not fit in int32");
        AssertError(() => reader.ReadBoolMatrix("float32"), path, "/float32", "unsupported dtype float32", "expected an integer or bool");
        AssertError(() => reader.ReadInt32Vector("int8"), path, "/int8", "expected rank 1", "found rank 2 with shape (2, 3)");
        AssertError(() => reader.ReadBoolMatrix("mask_with_2"), path, "/mask_with_2", "holds 2", "only 0 and 1");
        AssertError(() => reader.ReadJaggedInt32("float64"), path, "/float64", "unsupported dtype float64");
    }

    [Fact]
    public void EvalTargetNeedsDatasetGroups()
    {
        string path = Golden("train_input.h5");
        AssertError(() => NlbEvalTarget.Read(path), path, "/", "no dataset group", "only datasets: train_behavior, train_spikes_heldin");
        AssertError(() => NlbSubmission.Read(path), path, "/", "no dataset group");

        using var temp = new TempFolder();
        string custom = temp.File("custom.h5");
        new NlbFileWriter().AddFloat32("synth_lorenz/eval_spikes_heldout", Ones(2, 3, 4)).Write(custom);
        Assert.Equal(["synth_lorenz"], NlbEvalTarget.Read(custom).Datasets.Keys);
        string unusable = temp.File("unusable.h5");
        new NlbFileWriter().AddFloat32("2nd try/eval_spikes_heldout", Ones(2, 3, 4)).Write(unusable);
        AssertError(() => NlbEvalTarget.Read(unusable), unusable, "/2nd try", "not a dataset group name", "mc_maze, mc_rtt");
    }

    public static TheoryData<string, string, string> TrainShapeMismatches => new()
    {
        { "train_spikes_heldout", "3,4,1 as 2,4,1", "has 2 trials (2, 4, 1) but /train_spikes_heldin has 3 (3, 4, 2)" },
        { "train_spikes_heldout", "3,4,1 as 3,5,1", "has 5 time bins (3, 5, 1) but /train_spikes_heldin has 4 (3, 4, 2)" },
        { "train_behavior", "3,4,2 as 4,4,2", "has 4 trials (4, 4, 2) but /train_spikes_heldin has 3" },
        { "train_spikes_heldin_forward", "3,2,2 as 3,2,5", "has 5 channels (3, 2, 5) but /train_spikes_heldin has 2" },
        { "train_spikes_heldout_forward", "3,2,1 as 3,3,1", "has 3 time bins (3, 3, 1) but /train_spikes_heldin_forward has 2" },
        { "train_behavior_forward", "3,2,2 as 1,2,2", "has 1 trials (1, 2, 2) but /train_spikes_heldin has 3" },
    };

    [Theory]
    [MemberData(nameof(TrainShapeMismatches))]
    public void InconsistentTrainShapesAreReportedOnRead(string key, string change, string fragment)
    {
        using var temp = new TempFolder();
        string path = temp.File("bad.h5");
        var shapes = new Dictionary<string, int[]>
        {
            ["train_spikes_heldin"] = [3, 4, 2],
            ["train_spikes_heldout"] = [3, 4, 1],
            ["train_behavior"] = [3, 4, 2],
            ["train_spikes_heldin_forward"] = [3, 2, 2],
            ["train_spikes_heldout_forward"] = [3, 2, 1],
            ["train_behavior_forward"] = [3, 2, 2],
        };
        shapes[key] = change.Split(" as ")[1].Split(',').Select(int.Parse).ToArray();
        var writer = new NlbFileWriter();
        foreach (var (name, s) in shapes) writer.AddFloat32(name, Ones(s[0], s[1], s[2]));
        writer.Write(path);
        AssertError(() => NlbTrainInput.Read(path), path, "/" + key, fragment);
    }

    [Fact]
    public void WrongRanksAreReportedOnRead()
    {
        using var temp = new TempFolder();
        string path = temp.File("rank.h5");
        new NlbFileWriter().AddFloat32("train_spikes_heldin", new double[12], [3, 4]).AddFloat32("train_spikes_heldout", Ones(3, 4, 1).Values, [3, 4, 1]).Write(path);
        AssertError(() => NlbTrainInput.Read(path), path, "/train_spikes_heldin", "expected rank 3", "found rank 2 with shape (3, 4)");

        string behavior = temp.File("behavior.h5");
        new NlbFileWriter().AddFloat32("eval_spikes_heldin", Ones(3, 4, 2)).AddFloat32("eval_behavior", new double[3], [3]).Write(behavior);
        AssertError(() => NlbEvalInput.Read(behavior), behavior, "/eval_behavior", "or rank 2 (trials × columns)", "found rank 1 with shape (3,)");
    }

    [Fact]
    public void InconsistentEvalInputShapesAreReportedOnRead()
    {
        using var temp = new TempFolder();
        string path = temp.File("bad.h5");
        new NlbFileWriter().AddFloat32("eval_spikes_heldin", Ones(3, 4, 2)).AddFloat32("eval_spikes_heldout", Ones(3, 4, 1))
            .AddFloat32("eval_behavior", Ones(2, 4, 2)).Write(path);
        AssertError(() => NlbEvalInput.Read(path), path, "/eval_behavior", "has 2 trials", "/eval_spikes_heldin has 3");
    }

    /// <summary>A consistent mc_maze target group (4 eval, 5 train trials, 3 held-in + 2 held-out neurons, 2 conditions).</summary>
    private static Dictionary<string, Action<NlbFileWriter>> TargetParts() => new()
    {
        ["eval_spikes_heldout"] = w => w.AddFloat32("mc_maze/eval_spikes_heldout", Ones(4, 6, 2)),
        ["train_behavior"] = w => w.AddFloat32("mc_maze/train_behavior", Ones(5, 6, 2)),
        ["eval_behavior"] = w => w.AddFloat32("mc_maze/eval_behavior", Ones(4, 6, 2)),
        ["eval_spikes_heldin_forward"] = w => w.AddFloat32("mc_maze/eval_spikes_heldin_forward", Ones(4, 2, 3)),
        ["eval_spikes_heldout_forward"] = w => w.AddFloat32("mc_maze/eval_spikes_heldout_forward", Ones(4, 2, 2)),
        ["train_decode_mask"] = w => w.AddBool("mc_maze/train_decode_mask", new bool[5, 2]),
        ["eval_decode_mask"] = w => w.AddBool("mc_maze/eval_decode_mask", new bool[4, 2]),
        ["psth"] = w => w.AddFloat32("mc_maze/psth", Ones(2, 6, 5)),
        ["eval_cond_idx"] = w => w.AddJaggedInt32("mc_maze/eval_cond_idx", [[0, 3], [1, 2]]),
        ["train_cond_idx"] = w => w.AddJaggedInt32("mc_maze/train_cond_idx", [[0, 1, 4], []]),
        ["eval_jitter"] = w => w.AddInt32("mc_maze/eval_jitter", [0, 1, -1, 0]),
    };

    public static TheoryData<string, string, string[]> TargetMismatches => new()
    {
        { "eval_behavior", "3,6,2", ["has 3 trials", "/mc_maze/eval_spikes_heldout has 4"] },
        { "eval_spikes_heldin_forward", "2,2,3", ["has 2 trials", "/mc_maze/eval_spikes_heldout has 4"] },
        { "eval_spikes_heldout_forward", "4,3,2", ["has 3 time bins", "/mc_maze/eval_spikes_heldin_forward has 2"] },
        { "psth", "2,6,4", ["has 4 neurons", "held-in and held-out spikes have 5 together"] },
        { "eval_cond_idx", "[[0],[1],[2]]", ["has 3 conditions but /mc_maze/psth has 2"] },
        { "eval_cond_idx", "[[0,4],[1]]", ["list 0 holds trial index 4, outside 0..3"] },
        { "train_cond_idx", "[[5],[1]]", ["list 0 holds trial index 5, outside 0..4"] },
        { "eval_decode_mask", "3x2", ["has 3 rows but /mc_maze/eval_spikes_heldout has 4 trials"] },
        { "train_decode_mask", "5x3", ["has 3 masks but /mc_maze/eval_decode_mask has 2"] },
        { "eval_jitter", "[0,1]", ["has 2 entries but /mc_maze/eval_spikes_heldout has 4 trials"] },
        { "eval_spikes_heldout_forward", "missing", ["/mc_maze/eval_spikes_heldout_forward", "missing while /mc_maze/eval_spikes_heldin_forward is present"] },
        { "eval_behavior", "2d", ["is 3-D", "both behaviour arrays must have the same rank"] },
    };

    [Theory]
    [MemberData(nameof(TargetMismatches))]
    public void InconsistentTargetShapesAreReportedOnRead(string key, string change, string[] fragments)
    {
        using var temp = new TempFolder();
        string path = temp.File("bad_target.h5");
        var parts = TargetParts();
        string group = "mc_maze/" + key;
        parts[key] = change switch
        {
            "missing" => _ => { },
            "2d" => w => w.AddFloat32(group, new double[8], [4, 2]),
            _ when change.StartsWith("[[", StringComparison.Ordinal) => w => w.AddJaggedInt32(group, ParseLists(change)),
            _ when change.StartsWith('[') => w => w.AddInt32(group, ParseLists("[" + change + "]")[0]),
            _ when change.Contains('x') => w => w.AddBool(group, new bool[int.Parse(change.Split('x')[0]), int.Parse(change.Split('x')[1])]),
            _ => w => { var s = change.Split(',').Select(int.Parse).ToArray(); w.AddFloat32(group, Ones(s[0], s[1], s[2])); },
        };
        var writer = new NlbFileWriter();
        foreach (var add in parts.Values) add(writer);
        writer.Write(path);

        var error = Assert.Throws<NlbFileException>(() => NlbEvalTarget.Read(path));
        Assert.Equal(path, error.File);
        Assert.StartsWith($"{path}: /mc_maze/", error.Message, StringComparison.Ordinal);
        foreach (string fragment in fragments) Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.Equal("/" + group, error.Key);
    }

    private static int[][] ParseLists(string text) =>
        text.Trim('[', ']').Split("],[").Select(l => l.Length == 0 ? [] : l.Split(',').Select(int.Parse).ToArray()).ToArray();

    [Fact]
    public void ConsistentTargetPartsRead()
    {
        using var temp = new TempFolder();
        string path = temp.File("good_target.h5");
        var writer = new NlbFileWriter();
        foreach (var add in TargetParts().Values) add(writer);
        writer.Write(path);
        var target = NlbEvalTarget.Read(path)["mc_maze"];
        AssertSame([[0, 1, 4], []], target.TrainCondIdx);
        Assert.Equal(2, target.EvalDecodeMask!.GetLength(1));
    }

    [Fact]
    public void SubmissionMismatchIsReported()
    {
        using var temp = new TempFolder();
        string path = temp.File("bad_submission.h5");
        new NlbFileWriter()
            .AddFloat32("mc_rtt/train_rates_heldin", Ones(3, 4, 2)).AddFloat32("mc_rtt/train_rates_heldout", Ones(3, 4, 1))
            .AddFloat32("mc_rtt/eval_rates_heldin", Ones(2, 4, 3)).AddFloat32("mc_rtt/eval_rates_heldout", Ones(2, 4, 1))
            .Write(path);
        AssertError(() => NlbSubmission.Read(path), path, "/mc_rtt/eval_rates_heldin", "has 3 channels", "/mc_rtt/train_rates_heldin has 2");
    }

    // ---- writing ------------------------------------------------------------------------------------------------

    private static NlbTrainInput ValidTrainInput() => new()
    {
        SpikesHeldin = Ones(3, 4, 2),
        SpikesHeldout = Ones(3, 4, 1),
    };

    [Fact]
    public void InvalidWriteFailsBeforeTouchingTheDisk()
    {
        using var temp = new TempFolder();
        string path = temp.File("train.h5");
        var bad = new NlbTrainInput { SpikesHeldin = Ones(3, 4, 2), SpikesHeldout = Ones(2, 4, 1) };
        AssertError(() => bad.Write(path), path, "/train_spikes_heldout", "has 2 trials");
        Assert.Empty(temp.Entries());

        ValidTrainInput().Write(path);
        byte[] before = File.ReadAllBytes(path);
        AssertError(() => bad.Write(path), path, "/train_spikes_heldout", "has 2 trials");
        Assert.Equal(["train.h5"], temp.Entries());
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void FailureAfterTheTemporaryFileIsWrittenLeavesNothingBehind()
    {
        using var temp = new TempFolder();
        string path = temp.File("out.h5");
        File.WriteAllText(path, "old contents");
        string? seen = null;
        var writer = new NlbFileWriter
        {
            BeforeCommit = tmp =>
            {
                seen = tmp;
                Assert.True(File.Exists(tmp));
                throw new IOException("disk full (simulated)");
            },
        };
        writer.AddFloat32("x", Ones(2, 2, 2));
        AssertError(() => writer.Write(path), path, null, "cannot write", "disk full (simulated)");
        Assert.NotNull(seen);
        Assert.Equal(temp.Path, Path.GetDirectoryName(seen));
        Assert.StartsWith(".out.h5.tmp-", Path.GetFileName(seen), StringComparison.Ordinal);
        Assert.Equal(["out.h5"], temp.Entries());
        Assert.Equal("old contents", File.ReadAllText(path));
    }

    [Fact]
    public void FailedMoveOntoAFolderLeavesNoTemporaryFile()
    {
        using var temp = new TempFolder();
        string folder = temp.File("taken.h5");
        Directory.CreateDirectory(folder);
        AssertError(() => ValidTrainInput().Write(folder), folder, null, "cannot write", "is a folder");
        Assert.Equal(["taken.h5"], temp.Entries());

        string missing = Path.Combine(temp.Path, "no-such-folder", "x.h5");
        AssertError(() => ValidTrainInput().Write(missing), missing, null, "cannot write", "does not exist");
        Assert.Equal(["taken.h5"], temp.Entries());
    }

    [Fact]
    public void WriteOverwritesAnExistingFileCompletely()
    {
        using var temp = new TempFolder();
        string path = temp.File("train.h5");
        File.WriteAllBytes(path, new byte[200_000]);
        ValidTrainInput().Write(path);
        var again = NlbTrainInput.Read(path);
        AssertSame(Ones(3, 4, 2), again.SpikesHeldin);
        Assert.Equal(["train.h5"], temp.Entries());
    }

    [Fact]
    public void GroupFilesRejectBadNamesAndEmptyContentsOnWrite()
    {
        using var temp = new TempFolder();
        string path = temp.File("target.h5");
        var target = new NlbEvalTarget("mc maze", new NlbDatasetTarget { EvalSpikesHeldout = Ones(2, 3, 1) });
        AssertError(() => target.Write(path), path, "/mc maze", "not a dataset group name");
        AssertError(() => new NlbSubmission().Write(path), path, "/", "nothing to write");
        var bad2D = new NlbEvalTarget("dmfc_rsg", new NlbDatasetTarget
        {
            EvalSpikesHeldout = Ones(2, 3, 1),
            EvalBehavior = Ones(2, 3, 5),
            BehaviorIs2D = true,
        });
        AssertError(() => bad2D.Write(path), path, "/dmfc_rsg/eval_behavior", "marked 2-D", "Time = 1");
        Assert.Empty(temp.Entries());
    }
}
