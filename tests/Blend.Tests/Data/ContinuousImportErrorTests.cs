using Blend.Data;

namespace Blend.Tests.Data;

/// <summary>Every way an import can be refused: one line naming the file, option or shape, and nothing built.</summary>
public class ContinuousImportErrorTests
{
    private static readonly ContinuousImportOptions Options = new() { BinMs = 10, WindowBins = 8, ForwardBins = 2, Name = "toy" };

    private static ContinuousRecording Toy(int rows = 100, int neurons = 6) => new(
        ImportTestData.Labelled(rows, neurons), "s.npy", ImportTestData.Labelled(rows, 2), "b.npy");

    private static string Refused(ContinuousRecording recording, ContinuousImportOptions options)
    {
        var error = Assert.Throws<BlendInputException>(() => ContinuousImport.Build(recording, options));
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    [Fact]
    public void RowCountMismatchNamesBothFilesAndShapes()
    {
        var recording = Toy() with { Behavior = ImportTestData.Labelled(99, 2) };
        Assert.Equal("s.npy has 100 rows (100, 6) but b.npy has 99 rows (99, 2); both need one row per time bin",
            Refused(recording, Options));
    }

    [Fact]
    public void NegativeCountsGiveTheCountAndTheFirstPosition()
    {
        var recording = Toy();
        recording.Spikes[40, 3] = -1;
        recording.Spikes[41, 0] = -2;
        Assert.Equal("s.npy: 2 negative spike counts, the first -1 at row 40, column 3; counts must be ≥ 0 (shape (100, 6))",
            Refused(recording, Options));
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void NonFiniteSpikesGiveTheFirstPosition(double bad, string text)
    {
        var recording = Toy();
        recording.Spikes[7, 5] = bad;
        recording.Spikes[9, 0] = bad;
        Assert.Equal($"s.npy: spike count at row 7, column 5 is {text}; counts must be finite (shape (100, 6))", Refused(recording, Options));
    }

    [Fact]
    public void AnAllNaNBehaviourColumnIsRefused()
    {
        var recording = Toy();
        for (int r = 0; r < 100; r++) recording.Behavior![r, 1] = double.NaN;
        Assert.Equal("b.npy: behaviour column 1 is NaN in every row (shape (100, 2)); drop the column", Refused(recording, Options));
    }

    [Fact]
    public void AColumnThatBecomesAllNaNAfterRebinningIsRefused()
    {
        var recording = Toy();
        for (int r = 0; r < 100; r += 2) recording.Behavior![r, 0] = double.NaN;
        Assert.Contains("b.npy (after --rebin 2): behaviour column 0 is NaN in every row", Refused(recording, Options with { Rebin = 2 }));
    }

    [Fact]
    public void InfiniteBehaviourIsRefused()
    {
        var recording = Toy();
        recording.Behavior![3, 0] = double.NegativeInfinity;
        Assert.Contains("b.npy: behaviour at row 3, column 0 is -Infinity; use NaN for unknown values", Refused(recording, Options));
    }

    [Fact]
    public void AWindowLongerThanASplitBlockNamesTheSplitItsLengthAndTheWindow()
    {
        // Validation gets 0.1 · 100 = 10 bins; 9 + 2 do not fit.
        Assert.Equal("--splits 0.7,0.1,0.2: the validation block is 10 bins (bins 70–80 of 100) but one window needs 11 (--window 9 + --forward 2); use a shorter window or a larger validation fraction",
            Refused(Toy(), Options with { WindowBins = 9 }));
    }

    [Fact]
    public void ABlockTooShortAfterRebinningSaysSo()
    {
        Assert.Contains("the validation block is 5 bins (bins 35–40 of 50 after --rebin 2)", Refused(Toy(), Options with { Rebin = 2 }));
    }

    [Theory]
    [InlineData("0.7,0.2,0.2", "--splits: the fractions 0.7,0.2,0.2 sum to 1.1, not 1")]
    [InlineData("0.8,0,0.2", "--splits: the validation fraction must be in (0, 1), got 0")]
    [InlineData("1.2,-0.1,-0.1", "--splits: the train fraction must be in (0, 1), got 1.2")]
    [InlineData("0.7,0.3", "--splits '0.7,0.3': expected 3 fractions (train,validation,eval), got 2")]
    [InlineData("0.7,x,0.2", "--splits '0.7,x,0.2': 'x' is not a number")]
    public void BadSplitFractionsAreRefused(string text, string message)
    {
        var error = Assert.Throws<BlendInputException>(() => SplitFractions.Parse(text));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void SplitFractionsParseAndPrint()
    {
        Assert.Equal(new SplitFractions(0.6, 0.15, 0.25), SplitFractions.Parse(" 0.6, 0.15 ,0.25"));
        Assert.Equal("0.7,0.1,0.2", SplitFractions.Default.ToString());
    }

    public static TheoryData<ContinuousImportOptions, string> BadOptions => new()
    {
        { Options with { Rebin = 0 }, "--rebin must be at least 1, got 0" },
        { Options with { BinMs = 0 }, "--bin-ms must be a positive number of milliseconds, got 0" },
        { Options with { WindowBins = 0 }, "--window must be at least 1 bin, got 0" },
        { Options with { ForwardBins = -1 }, "--forward must be 0 or more bins, got -1" },
        { Options with { OverlapBins = -2 }, "--overlap must be 0 or more bins, got -2" },
        { Options with { OverlapBins = 6 }, "--overlap 6 is more than half the chopped window (8 + 2 forward = 10 bins)" },
        { Options with { OverlapBins = int.MaxValue }, "--overlap 2147483647 is more than half the chopped window" },
        { Options with { WindowBins = int.MaxValue }, "--window 2147483647 + --forward 2 bins is more than any recording can hold" },
        { Options with { HeldoutFraction = 0 }, "--heldout-fraction must be in (0, 1), got 0" },
        { Options with { HeldoutFraction = 1 }, "--heldout-fraction must be in (0, 1), got 1" },
        { Options with { Splits = new SplitFractions(0.5, 0.5, 0.5) }, "--splits: the fractions 0.5,0.5,0.5 sum to 1.5, not 1" },
        { Options with { Name = "9lives" }, "--name '9lives' is not a usable dataset name: use letters, digits and '_', starting with a letter" },
        { Options with { Name = "rat-1" }, "--name 'rat-1' is not a usable dataset name" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void BadOptionsNameTheOption(ContinuousImportOptions options, string message) =>
        Assert.StartsWith(message, Refused(Toy(), options));

    [Fact]
    public void ANeedsAtLeastTwoNeurons() =>
        Assert.Equal("s.npy: 1 neuron (100, 1); need at least 2 to hold some out for co-smoothing", Refused(Toy(neurons: 1), Options));

    [Fact]
    public void EmptySpikesAreRefused() =>
        Assert.Contains("s.npy: spikes have shape (0, 6)", Refused(Toy(rows: 0), Options));

    [Fact]
    public void RebinLongerThanTheRecordingIsRefused() =>
        Assert.Equal("--rebin 200 leaves no bins: s.npy has 100 rows (100, 6)", Refused(Toy(), Options with { Rebin = 200 }));

    [Fact]
    public void UnsupportedDtypesComeFromTheReader()
    {
        using var temp = new TempFolder();
        string spikes = NpyTestBytes.Write(temp, "names.npy", NpyTestBytes.File(NpyTestBytes.Dict("<U3", "(2,)"), new byte[24]));
        var error = Assert.Throws<BlendInputException>(() => ContinuousImport.FromNpy(spikes, null, Options));
        Assert.StartsWith($"{spikes}: unsupported dtype '<U3'", error.Message);
    }

    [Fact]
    public void ThreeDimensionalSpikesAreRefused()
    {
        using var temp = new TempFolder();
        string spikes = temp.File("cube.npy");
        NpyFile.Write(spikes, new double[8], [2, 2, 2]);
        var error = Assert.Throws<BlendInputException>(() => ContinuousImport.FromNpy(spikes, null, Options));
        Assert.Contains("found rank 3 with shape (2, 2, 2)", error.Message);
    }
}
