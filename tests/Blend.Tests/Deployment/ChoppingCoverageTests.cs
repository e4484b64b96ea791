using Blend.Data;

namespace Blend.Tests.Deployment;

/// <summary>
/// Chopping a continuous recording into windows that cover every row and merging per-window values back: the merge
/// of chops of a signal is the unchopped signal, for every length, window and overlap (the tail window included).
/// </summary>
public class ChoppingCoverageTests
{
    [Theory]
    [InlineData(20, 5)]
    [InlineData(20, 0)]
    [InlineData(35, 8)]
    [InlineData(7, 3)]
    [InlineData(1, 0)]
    public void MergedChopsAreTheUnchoppedRecordingForEveryLength(int window, int overlap)
    {
        var random = new Random(window * 31 + overlap);
        for (int length = window; length < window * 6 + 3; length++)
        {
            var recording = new RowMatrix(length, 3);
            for (int i = 0; i < recording.Values.Length; i++) recording.Values[i] = random.NextDouble() * 10;
            var starts = Chopping.CoveringStarts(length, window, overlap);
            Assert.Equal(0, starts[0]);
            Assert.Equal(length - window, starts[^1]);
            var chops = new Array3(starts.Length, window, 3);
            for (int c = 0; c < starts.Length; c++) recording.Values.AsSpan(starts[c] * 3, window * 3).CopyTo(chops.Trial(c));

            var merged = Chopping.MergeAt(chops, starts, length);
            Assert.Equal(length, merged.Rows);
            for (int i = 0; i < merged.Values.Length; i++)
                Assert.True(Math.Abs(merged.Values[i] - recording.Values[i]) <= 1e-12, $"length {length}: row {i / 3} differs");
        }
    }

    [Fact]
    public void RegularStartsMergeExactlyAsMergeChops()
    {
        var random = new Random(5);
        var chops = new Array3(6, 12, 2);
        for (int i = 0; i < chops.Values.Length; i++) chops.Values[i] = random.NextDouble();
        var expected = Chopping.Merge(chops, overlap: 4, originalLength: 70);
        var actual = Chopping.MergeAt(chops, Enumerable.Range(0, 6).Select(c => c * 8).ToArray(), 70);
        Assert.Equal(expected.Values, actual.Values); // bit for bit, NaN tail included
    }

    [Fact]
    public void OverlappingValuesAreRampWeighted()
    {
        // Window 10, overlap 4 at a 23-row recording: regular starts 0, 6, 12 cover 22 rows; the end window at 13
        // overlaps start 6 too, so it replaces the one at 12.
        var starts = Chopping.CoveringStarts(23, 10, 4);
        Assert.Equal([0, 6, 13], starts);
        var chops = new Array3(3, 10, 1);
        for (int c = 0; c < 3; c++) chops.Trial(c).Fill(c + 1);
        var merged = Chopping.MergeAt(chops, starts, 23);
        var ramp = Chopping.MergeRamp(4);
        Assert.Equal(1, merged[0, 0]);
        Assert.Equal(1 * ramp[0] + 2 * (1 - ramp[0]), merged[6, 0], 12);
        var tailRamp = Chopping.MergeRamp(3); // chops at 6 and 13 share rows 13–15
        Assert.Equal(2 * tailRamp[2] + 3 * (1 - tailRamp[2]), merged[15, 0], 12);
        Assert.Equal(3, merged[22, 0]);
    }

    [Fact]
    public void ThreeDeepOverlapIsRefused()
    {
        var chops = new Array3(3, 10, 1);
        Assert.Throws<ArgumentException>(() => Chopping.MergeAt(chops, [0, 4, 8], 20));
    }
}
