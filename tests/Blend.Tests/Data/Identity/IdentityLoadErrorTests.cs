using Blend.Data;
using Blend.Data.Identity;

namespace Blend.Tests.Data.Identity;

/// <summary>Every way a Bugeon folder can be refused: one line naming the file, what is wrong and the shapes.</summary>
public class IdentityLoadErrorTests
{
    private const string Mouse = "M1", Date = "2020-01-01";

    /// <summary>Writes one session (6 frames × 3 neurons unless changed), lets the test spoil it, and loads.</summary>
    private static string Refused(BugeonTestSession? session = null, Action<string>? spoil = null, IdentityLoadOptions? options = null)
    {
        using var root = new TempFolder();
        string folder = BugeonTestFolder.Write(root.Path, Mouse, Date, session ?? BugeonTestSession.Simple());
        spoil?.Invoke(folder);
        var error = Assert.Throws<BlendInputException>(() => IdentityDataset.Load(root.Path, options));
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    private static string InRecording(string folder, string file) => Path.Combine(folder, "Blank", "01", file);

    [Theory]
    [InlineData(BugeonLayout.UniqueIdFile, false)]
    [InlineData(BugeonLayout.PositionsFile, false)]
    [InlineData(BugeonLayout.ActivityFile, true)]
    [InlineData(BugeonLayout.FrameTimesFile, true)]
    [InlineData(BugeonLayout.StatesFile, true)]
    [InlineData(BugeonLayout.RunningSpeedFile, true)]
    [InlineData(BugeonLayout.RunningTimesFile, true)]
    [InlineData(BugeonLayout.EyeSizeFile, true)]
    [InlineData(BugeonLayout.EyeTimesFile, true)]
    public void AMissingFileIsNamed(string file, bool inRecording)
    {
        string? missing = null;
        string message = Refused(spoil: folder =>
        {
            missing = inRecording ? InRecording(folder, file) : Path.Combine(folder, file);
            File.Delete(missing);
        });
        Assert.StartsWith($"{missing}: file not found", message);
        Assert.Contains($"({Mouse}/{Date})", message);
    }

    [Fact]
    public void AMissingTTypeFileIsNamed()
    {
        string? missing = null;
        string message = Refused(spoil: folder => File.Delete(missing = Path.Combine(folder, BugeonLayout.TTypeFile)));
        Assert.StartsWith($"{missing}: file not found", message);
    }

    [Fact]
    public void AnUnreadableNpyIsNamed()
    {
        string message = Refused(spoil: folder => File.WriteAllText(InRecording(folder, BugeonLayout.ActivityFile), "garbage"));
        Assert.Contains(BugeonLayout.ActivityFile, message);
    }

    [Fact]
    public void ActivityMustBeFramesByNeurons()
    {
        string message = Refused(spoil: folder => BugeonTestFolder.Vector(InRecording(folder, BugeonLayout.ActivityFile), [1, 2, 3], asColumn: false));
        Assert.EndsWith($"{BugeonLayout.ActivityFile}: expected frames × neurons (T, N), found shape (3,)", message);
        message = Refused(spoil: folder => NpyFile.Write(InRecording(folder, BugeonLayout.ActivityFile), [], [0, 3]));
        Assert.EndsWith($"{BugeonLayout.ActivityFile}: shape (0, 3) has no frames; expected frames × neurons (T, N)", message);
    }

    [Fact]
    public void TTypeLinesMustMatchTheNeurons()
    {
        string message = Refused(BugeonTestSession.Simple() with { TTypes = ["EC", "EC"] });
        Assert.Contains($"{BugeonLayout.TTypeFile}: 2 lines but ", message);
        Assert.EndsWith($"{BugeonLayout.ActivityFile} has 6 frames × 3 neurons (6, 3); need one line per neuron", message);
    }

    [Fact]
    public void ABadTTypeLineGivesItsLineNumber()
    {
        Assert.EndsWith($"{BugeonLayout.TTypeFile} line 2: '' is not EC, IN or a t-type such as Vip-Crh (one line per neuron)",
            Refused(BugeonTestSession.Simple() with { TTypes = ["EC", "", "IN"] }));
        Assert.EndsWith($"{BugeonLayout.TTypeFile} line 3: 'excitatory' is not EC, IN or a t-type such as Vip-Crh (one line per neuron)",
            Refused(BugeonTestSession.Simple() with { TTypes = ["EC", "IN", "excitatory"] }));
    }

    [Fact]
    public void UniqueIdsMustMatchTheNeurons()
    {
        string message = Refused(BugeonTestSession.Simple() with { UniqueIds = [double.NaN, 1, 2, 3] });
        Assert.Contains($"{BugeonLayout.UniqueIdFile}: 4 IDs (4, 1) but ", message);
        Assert.EndsWith("(6, 3); need one per neuron", message);
    }

    [Fact]
    public void UniqueIdsMustBeOneColumn()
    {
        string message = Refused(spoil: folder => NpyFile.Write(Path.Combine(folder, BugeonLayout.UniqueIdFile), new double[6], [3, 2]));
        Assert.EndsWith($"{BugeonLayout.UniqueIdFile}: expected one UniqueID per neuron as a vector (n,) or a column (n, 1), found shape (3, 2)", message);
    }

    [Fact]
    public void PositionsMustBeNeuronsByThree()
    {
        string message = Refused(BugeonTestSession.Simple() with { Positions = new double[2, 3] });
        Assert.Contains($"{BugeonLayout.PositionsFile}: shape (2, 3) but ", message);
        Assert.EndsWith("need one row of x, y, z (µm) per neuron, shape (3, 3)", message);
        message = Refused(spoil: folder => NpyFile.Write(Path.Combine(folder, BugeonLayout.PositionsFile), new double[6], [3, 2]));
        Assert.Contains($"{BugeonLayout.PositionsFile}: shape (3, 2) but ", message);
    }

    [Fact]
    public void PositionsMustBeFinite()
    {
        var positions = new double[3, 3];
        positions[1, 2] = double.NaN;
        Assert.EndsWith($"{BugeonLayout.PositionsFile}: coordinate 2 of neuron 1 is NaN; positions must be finite",
            Refused(BugeonTestSession.Simple() with { Positions = positions }));
    }

    [Fact]
    public void FrameTimesAndStatesNeedOnePerFrame()
    {
        string message = Refused(BugeonTestSession.Simple() with { FrameTimes = [0, 1, 2] });
        Assert.Contains($"{BugeonLayout.FrameTimesFile}: 3 frame times (3, 1) but ", message);
        Assert.EndsWith("(6, 3); need one per frame", message);
        message = Refused(BugeonTestSession.Simple() with { States = new double[7] });
        Assert.Contains($"{BugeonLayout.StatesFile}: 7 states (7, 1) but ", message);
    }

    [Fact]
    public void FrameTimesMustBeFinite()
    {
        Assert.EndsWith($"{BugeonLayout.FrameTimesFile}: time of frame 4 is NaN; frame times must be finite",
            Refused(BugeonTestSession.Simple() with { FrameTimes = [0, 0.25, 0.5, 0.75, double.NaN, 1.25] }));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0.5)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void StatesMustBeZeroOneOrTwo(double state)
    {
        string message = Refused(BugeonTestSession.Simple() with { States = [0, 1, 2, state, 0, 1] });
        Assert.EndsWith($"{BugeonLayout.StatesFile}: state {state} at frame 3 is not 0, 1 or 2 (running, stationary desynchronised, stationary synchronised)", message);
    }

    [Fact]
    public void BehaviourTimesAndValuesMustPair()
    {
        string message = Refused(BugeonTestSession.Simple() with { EyeTimes = [0, 1, 2] });
        Assert.Contains($"{BugeonLayout.EyeTimesFile}: 3 times (3, 1) but ", message);
        Assert.EndsWith($"{InRecordingSuffix(BugeonLayout.EyeSizeFile)} has 14 values (14, 1); need one time per sample", message);
    }

    [Fact]
    public void BehaviourTimesMustNotDecrease()
    {
        string message = Refused(BugeonTestSession.Simple() with { RunningTimes = [0, 0.5, 0.5, 0.4, 1, 2], RunningSpeed = new double[6] });
        Assert.EndsWith($"{BugeonLayout.RunningTimesFile}: times decrease at sample 3 (0.4 after 0.5); behaviour times must be non-decreasing (shape (6, 1))", message);
        message = Refused(BugeonTestSession.Simple() with { RunningTimes = [0, double.NaN, 1], RunningSpeed = new double[3] });
        Assert.EndsWith($"{BugeonLayout.RunningTimesFile}: time of sample 1 is NaN; times must be finite (shape (3, 1))", message);
    }

    [Fact]
    public void BehaviourNeedsTwoSamples()
    {
        string message = Refused(BugeonTestSession.Simple() with { EyeTimes = [0], EyeSize = [1] });
        Assert.EndsWith($"{BugeonLayout.EyeSizeFile}: 1 sample (1, 1); need at least 2 to average the samples around each frame", message);
    }

    [Fact]
    public void BehaviourValuesMustNotBeAllNaNOrInfinite()
    {
        Assert.EndsWith($"{BugeonLayout.EyeSizeFile}: every value is NaN (shape (2, 1)); nothing to interpolate from",
            Refused(BugeonTestSession.Simple() with { EyeTimes = [0, 1], EyeSize = [double.NaN, double.NaN] }));
        Assert.EndsWith($"{BugeonLayout.RunningSpeedFile}: value of sample 1 is -Infinity; use NaN for missing samples (shape (2, 1))",
            Refused(BugeonTestSession.Simple() with { RunningTimes = [0, 1], RunningSpeed = [1, double.NegativeInfinity] }));
    }

    [Fact]
    public void ARootWithoutSessionsIsRefused()
    {
        using var root = new TempFolder();
        Directory.CreateDirectory(Path.Combine(root.Path, "M1", "2020-01-01", "Blank", "01"));
        var error = Assert.Throws<BlendInputException>(() => IdentityDataset.Load(root.Path));
        Assert.Equal($"{root.Path}: no session folders; expected MOUSE/DATE/ folders holding neuron.ttype.txt and neuron.UniqueID.npy (the Bugeon layout)", error.Message);
        string missing = Path.Combine(root.Path, "nowhere");
        Assert.Equal($"{missing}: dataset folder not found", Assert.Throws<BlendInputException>(() => IdentityDataset.Load(missing)).Message);
    }

    [Fact]
    public void ARecordNeuronMustKeepItsTTypeAcrossSessions()
    {
        using var root = new TempFolder();
        string first = BugeonTestFolder.Write(root.Path, "M1", "d1", BugeonTestSession.Simple() with { UniqueIds = [double.NaN, 5, double.NaN], TTypes = ["EC", "Vip-Crh", "EC"] });
        string second = BugeonTestFolder.Write(root.Path, "M1", "d2", BugeonTestSession.Simple() with { UniqueIds = [5, double.NaN, double.NaN], TTypes = ["Sst-Calb2", "EC", "EC"] });
        var error = Assert.Throws<BlendInputException>(() => IdentityDataset.Load(root.Path));
        Assert.Equal(
            $"{Path.Combine(second, BugeonLayout.TTypeFile)} line 1: UniqueID 5 of mouse M1 is 'Sst-Calb2' but {Path.Combine(first, BugeonLayout.TTypeFile)} line 2 has 'Vip-Crh'; a tracked neuron keeps one t-type",
            error.Message);
    }

    [Fact]
    public void AUniqueIdAppearsOncePerSession()
    {
        string message = Refused(BugeonTestSession.Simple() with { UniqueIds = [4, double.NaN, 4], TTypes = ["Vip-Crh", "EC", "Vip-Crh"] });
        Assert.EndsWith($"{BugeonLayout.UniqueIdFile}: UniqueID 4 appears at neurons 0 and 2; a matched cell can be only one neuron of a session", message);
    }

    [Fact]
    public void InfiniteUniqueIdsAreRefused()
    {
        Assert.EndsWith($"{BugeonLayout.UniqueIdFile}: UniqueID of neuron 1 is Infinity; use NaN for unmatched neurons",
            Refused(BugeonTestSession.Simple() with { UniqueIds = [double.NaN, double.PositiveInfinity, 1] }));
    }

    [Fact]
    public void BadOptionsAreRefusedBeforeReading()
    {
        Assert.Contains("neighbour radius must be a finite distance ≥ 0 µm, got -1",
            Refused(options: new IdentityLoadOptions { NeighbourRadius = -1 }));
        Assert.Contains("recording folder '' must be a path inside each session folder",
            Refused(options: new IdentityLoadOptions { RecordingFolder = "" }));
    }

    private static string InRecordingSuffix(string file) => Path.Combine(Date, "Blank", "01", file);
}
