using Blend.Data;

namespace Blend.Tests.Data;

/// <summary>The small parts of the import: seeded shuffle, held-out choice and rebinning.</summary>
public class ImportPiecesTests
{
    [Fact]
    public void SeededShuffleIsAFixedPermutation()
    {
        // Pinned (and checked against a Python SplitMix64): the same seed picks the same neurons everywhere.
        Assert.Equal([6, 3, 2, 9, 8, 1, 4, 7, 0, 5], SeededShuffle.Permutation(10, seed: 0));
        Assert.Equal(SeededShuffle.Permutation(10, seed: 0), SeededShuffle.Permutation(10, seed: 0));
        Assert.NotEqual(SeededShuffle.Permutation(10, seed: 0), SeededShuffle.Permutation(10, seed: 1));
        for (int n = 0; n < 50; n++) Assert.Equal(Enumerable.Range(0, n), SeededShuffle.Permutation(n, seed: n).Order());
        Assert.Equal(Enumerable.Range(0, 5), SeededShuffle.Permutation(5, seed: -7).Order());
    }

    [Theory]
    [InlineData(48, 0.25, 12)]
    [InlineData(71, 0.25, 18)] // 17.75
    [InlineData(6, 0.25, 2)] // 1.5 rounds up
    [InlineData(10, 0.01, 1)] // at least one held out
    [InlineData(10, 0.99, 9)] // at least one held in
    [InlineData(2, 0.5, 1)]
    public void HeldoutCountIsRoundedAndClamped(int neurons, double fraction, int count) =>
        Assert.Equal(count, HeldoutNeurons.Count(neurons, fraction));

    [Fact]
    public void HeldinAndHeldoutPartitionTheNeuronsInAscendingOrder()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var (heldin, heldout) = HeldoutNeurons.Choose(30, 0.3, seed);
            Assert.Equal(9, heldout.Length);
            Assert.Equal(heldin.Order(), heldin);
            Assert.Equal(heldout.Order(), heldout);
            Assert.Equal(Enumerable.Range(0, 30), heldin.Concat(heldout).Order());
        }
        Assert.NotEqual(HeldoutNeurons.Choose(30, 0.3, 0).Heldout, HeldoutNeurons.Choose(30, 0.3, 1).Heldout);
    }

    [Fact]
    public void RebinningSumsOrAveragesWholeBlocks()
    {
        var recording = new RowMatrix(5, 2, [1, 10, 2, 20, 3, double.NaN, 4, 40, 5, 50]);
        Assert.Equal([3.0, 30, 7, double.NaN], Rebinning.Sum(recording, 2).Values);
        Assert.Equal([1.5, 15, 3.5, double.NaN], Rebinning.Mean(recording, 2).Values);
        Assert.Same(recording, Rebinning.Sum(recording, 1));
        Assert.Equal((1, 2), (Rebinning.Sum(recording, 3).Rows, Rebinning.Sum(recording, 3).Cols));
    }
}
