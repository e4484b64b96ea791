using Blend.Data.Identity;
using Blend.Evaluation.Identity;

namespace Blend.Tests.Evaluation.Identity;

public class IdentityFoldsTests
{
    private static readonly IReadOnlyList<IdentityNeuron> Neurons = IdentityTestData.SmallNeurons();

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void EveryIdentityIsTestedExactlyOncePerSeedAndTheRolesArePartitions(int seed)
    {
        var folds = IdentityFolds.LeaveOneMouseOut(Neurons, seed);
        Assert.Equal(["M0", "M1", "M2", "M3"], folds.Select(f => f.HeldOutMouse));
        Assert.Equal(Enumerable.Range(0, Neurons.Count), folds.SelectMany(f => f.Test).Order());
        foreach (var fold in folds)
        {
            Assert.All(fold.Test, id => Assert.Equal(fold.HeldOutMouse, Neurons[id].Mouse));
            Assert.All(fold.Train.Concat(fold.Validation), id => Assert.NotEqual(fold.HeldOutMouse, Neurons[id].Mouse));
            var all = fold.Train.Concat(fold.Validation).Concat(fold.Test).ToArray();
            Assert.Equal(all.Length, all.Distinct().Count());
            Assert.Equal(Neurons.Count, all.Length);
            Assert.Equal(fold.Train.Order(), fold.Train);
            Assert.Equal(seed, fold.Seed);
        }
    }

    [Fact]
    public void TheSubclassSplitIsTheClassSplitNarrowedToSubclassIdentities()
    {
        foreach (var fold in IdentityFolds.LeaveOneMouseOut(Neurons, 3))
        {
            var subclass = fold.For(IdentityTask.Subclass, Neurons);
            var classes = fold.For(IdentityTask.Class, Neurons);
            Assert.Equal(fold.Train, classes.Train);
            Assert.Equal(fold.Validation, classes.Validation);
            Assert.Equal(fold.Train.Where(id => Neurons[id].Subclass is not null), subclass.Train);
            Assert.Equal(fold.Validation.Where(id => Neurons[id].Subclass is not null), subclass.Validation);
            Assert.Equal(fold.Test.Where(id => Neurons[id].Subclass is not null), subclass.Test);
            Assert.DoesNotContain(subclass.Train.Concat(subclass.Validation), id => Neurons[id].TType.StartsWith("Serpinf1"));
        }
    }

    [Fact]
    public void EachLabelIsSplitEightyTwentyRoundingTrainDown()
    {
        var fold = IdentityFolds.HoldOut(Neurons, "M2", seed: 1);
        // Three training mice: 90 EC, 12 unlabelled IN + 3 Serpinf1, and 18/21/18/9/9 per subclass.
        (string Stratum, int Total)[] expected = [("EC", 90), ("IN", 15), ("Lamp5", 18), ("Vip", 21), ("Pvalb", 18), ("Sst", 9), ("Sncg", 9)];
        foreach (var (stratum, total) in expected)
        {
            int train = fold.Train.Count(id => IdentityFolds.Stratum(Neurons[id]) == stratum);
            int validation = fold.Validation.Count(id => IdentityFolds.Stratum(Neurons[id]) == stratum);
            Assert.Equal(total, train + validation);
            Assert.Equal((int)(total * 0.8), train);
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameSplitAndAnotherSeedAnother()
    {
        var first = IdentityFolds.LeaveOneMouseOut(Neurons, 5);
        var again = IdentityFolds.LeaveOneMouseOut(Neurons, 5);
        var other = IdentityFolds.LeaveOneMouseOut(Neurons, 6);
        for (int f = 0; f < first.Count; f++)
        {
            Assert.Equal(first[f].Train, again[f].Train);
            Assert.Equal(first[f].Validation, again[f].Validation);
            Assert.Equal(first[f].Test, other[f].Test);
        }
        Assert.Contains(Enumerable.Range(0, first.Count), f => !first[f].Validation.SequenceEqual(other[f].Validation));
    }

    [Fact]
    public void OneMouseOrSparseIdsAreRefused()
    {
        var oneMouse = IdentityTestData.Neurons(1, 5, 1, [2, 2, 2, 2, 2]);
        Assert.Contains("at least 2 mice", Assert.Throws<BlendInputException>(() => IdentityFolds.LeaveOneMouseOut(oneMouse, 0)).Message);
        var shuffled = Neurons.Reverse().ToArray();
        Assert.Throws<BlendInputException>(() => IdentityFolds.LeaveOneMouseOut(shuffled, 0));
        Assert.Throws<BlendInputException>(() => IdentityFolds.HoldOut(Neurons, "M9", 0));
        Assert.Throws<BlendInputException>(() => IdentityFolds.HoldOut(Neurons, "M0", 0, trainFraction: 0));
    }
}
