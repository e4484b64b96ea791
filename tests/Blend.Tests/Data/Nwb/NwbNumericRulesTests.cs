using Blend.Data.Nwb;

namespace Blend.Tests.Data.Nwb;

/// <summary>The numeric conventions nlb_tools inherits from numpy, Python and pandas (values from numpy 1.24 / pandas 1.5).</summary>
public sealed class NwbNumericRulesTests
{
    [Theory]
    [InlineData(2.675, 2, 2.67, 2.68)] // 2.675 is stored as 2.67499999…: Python rounds the exact value, numpy the scaled one
    [InlineData(1.0000005, 6, 1.000001, 1.000001)]
    [InlineData(17652.9999997, 6, 17653.0, 17653.0)]
    [InlineData(0.0005, 2, 0.0, 0.0)]
    [InlineData(-2.5, 0, -2.0, -2.0)]
    public void PythonAndNumpyRoundingDifferOnlyWhereTheyShould(double x, int digits, double python, double numpy)
    {
        Assert.Equal(python, PythonRounding.Python(x, digits));
        Assert.Equal(numpy, PythonRounding.Numpy(x, digits));
    }

    [Fact]
    public void NumpyLegacySeedGivesNumpysDoubles()
    {
        var random = new NumpyLegacyRandom(0);
        Assert.Equal(0.5488135039273248, random.NextDouble());
        Assert.Equal(0.7151893663724195, random.NextDouble());
        Assert.Equal(0.6027633760716439, random.NextDouble());
        Assert.Equal(0.9296160928171479, new NumpyLegacyRandom(12345).NextDouble());
    }

    [Theory]
    [InlineData(0.345, 345_000_000L)]
    [InlineData(12.345, 12_345_000_000L)]
    [InlineData(17.6529999997, 17_653_000_000L)] // the fraction is rounded to 9 decimals first
    [InlineData(-0.25, -250_000_000L)]
    public void SecondsBecomePandasNanoseconds(double seconds, long nanoseconds) =>
        Assert.Equal(nanoseconds, PandasTime.FromSeconds(seconds));

    [Fact]
    public void MissingTimesAreNaT()
    {
        Assert.Equal(PandasTime.NaT, PandasTime.FromSeconds(double.NaN));
        Assert.True(double.IsNaN(PandasTime.ToSeconds(PandasTime.NaT)));
        Assert.Equal(10_000_000L, PandasTime.Ceil(6_000_000, 5_000_000));
        Assert.Equal(-5_000_000L, PandasTime.Ceil(-6_000_000, 5_000_000));
    }

    [Fact]
    public void FirTapsAreHammingWindowedSincNormalisedToOne()
    {
        double[] taps = FirDecimator.Taps(5);
        Assert.Equal(501, taps.Length);
        Assert.Equal(1.0, taps.Sum(), 12);
        Assert.Equal(taps[0], taps[500]); // symmetric (zero phase)
        Assert.Equal(taps.Max(), taps[250]);
        // Every 5th tap from the centre is a zero of the sinc.
        Assert.Equal(0.0, taps[255], 15);
    }

    [Fact]
    public void InterpolationIsLinearWithHeldEdges()
    {
        double nan = double.NaN;
        Assert.Equal([1.0, 1.0, 2.0, 3.0, 3.0], FirDecimator.Interpolated([nan, 1.0, nan, 3.0, nan]));
        Assert.All(FirDecimator.Interpolated([nan, nan]), v => Assert.True(double.IsNaN(v)));
    }

    [Theory]
    // make_jagged_array's placement: (data length, array length, jitter, padding) → (first data row, rows, first array row)
    [InlineData(3, 5, 0, TrialPadding.Back, 0, 3, 0)]
    [InlineData(7, 5, 0, TrialPadding.Back, 0, 5, 0)]
    [InlineData(3, 5, 0, TrialPadding.Front, 0, 3, 2)]
    [InlineData(7, 5, 0, TrialPadding.Front, 2, 5, 0)]
    [InlineData(3, 5, 1, TrialPadding.Front, 0, 3, 1)] // arr[-(3 + 1):-1]
    [InlineData(7, 5, 2, TrialPadding.Front, 4, 3, 0)] // data[-3:] into arr[-5:-2]
    [InlineData(7, 5, 2, TrialPadding.Back, 2, 5, 0)]  // data[2:7]
    public void JaggedPlacementFollowsNlbToolsSlicing(int data, int length, int jitter, TrialPadding padding, int from, int count, int to) =>
        Assert.Equal((from, count, to), TrialArrays.Placement(data, length, jitter, padding));

    [Theory]
    [InlineData("columns=[x,y]", 2, new[] { "x", "y" })]
    [InlineData("first [a] then columns=[x, y]", 2, new[] { "x", " y" })] // the last bracket, not trimmed
    [InlineData("no names", 3, new[] { "0000", "0001", "0002" })]
    public void ChannelNamesComeFromTheCommentsAsInNlbTools(string comments, int channels, string[] names) =>
        Assert.Equal(names, NwbTimeSeries.ChannelNames(comments, channels));
}
