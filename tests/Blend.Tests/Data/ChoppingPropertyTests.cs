using Blend.Data;
using CsCheck;

namespace Blend.Tests.Data;

/// <summary>Chop → merge round trips for random recording lengths, windows and overlaps.</summary>
public class ChoppingPropertyTests
{
    /// <summary>(length, window, overlap, columns) with overlap ≤ window / 2, as Chopping allows.</summary>
    private static readonly Gen<(int Length, int Window, int Overlap, int Columns)> Geometry =
        from window in Gen.Int[1, 40]
        from overlap in Gen.Int[0, window / 2]
        from length in Gen.Int[window, 400]
        from columns in Gen.Int[1, 4]
        select (length, window, overlap, columns);

    [Fact]
    public void MergeOfChopsReproducesTheCoveredRowsAndLeavesTheRestNaN()
    {
        Geometry.Sample(g =>
        {
            var recording = Recording(g.Length, g.Columns, seed: g.Length * 31 + g.Window);
            var chops = Chopping.Chop(recording, g.Window, g.Overlap, roundToFloat32: false);
            var merged = Chopping.Merge(chops, g.Overlap, recording.Rows);

            int stride = g.Window - g.Overlap;
            int covered = (chops.Trials - 1) * stride + g.Window;
            Assert.Equal((g.Length - g.Window) / stride + 1, chops.Trials);
            Assert.True(covered <= g.Length && g.Length - covered < stride, $"covered {covered} of {g.Length}");
            for (int i = 0; i < covered * g.Columns; i++)
            {
                double want = recording.Values[i], got = merged.Values[i];
                // Overlapping rows are v·r + v·(1 − r): equal up to rounding.
                Assert.True(Math.Abs(got - want) <= 1e-12 * Math.Max(1, Math.Abs(want)), $"{g}: value {i} is {got:R}, expected {want:R}");
            }
            Assert.All(merged.Values[(covered * g.Columns)..], v => Assert.True(double.IsNaN(v)));
        }, iter: 300);
    }

    [Fact]
    public void ChopsAreStridedCopiesOfTheRecording()
    {
        Geometry.Sample(g =>
        {
            var recording = Recording(g.Length, g.Columns, seed: g.Window * 17 + g.Overlap);
            var chops = Chopping.Chop(recording, g.Window, g.Overlap);
            int stride = g.Window - g.Overlap;
            for (int chop = 0; chop < chops.Trials; chop++)
                for (int row = 0; row < g.Window; row++)
                    for (int c = 0; c < g.Columns; c++)
                        Assert.Equal((double)(float)recording[chop * stride + row, c], chops[chop, row, c]);
        }, iter: 200);
    }

    [Fact]
    public void WindowLongerThanRecordingIsAnInputError()
    {
        var error = Assert.Throws<BlendInputException>(() => Chopping.Chop(new RowMatrix(5, 1), window: 6, overlap: 0));
        Assert.Contains("longer than the recording (5 bins)", error.Message);
    }

    private static RowMatrix Recording(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var values = new double[rows * columns];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextDouble() * 10 - 2;
        return new RowMatrix(rows, columns, values);
    }
}
