using Blend.Training.Identity;
using static TorchSharp.torch;

namespace Blend.Tests.Training;

[Collection(TorchTrainingCollection.Name)]
public class ActivityMaskerTests
{
    [Fact]
    public void SelectsTheRatioAndReplacesEightyTenTen()
    {
        var activity = randn(new long[] { 4, 100, 250 }, generator: new Generator(1)) + 10; // far from 0 and from N(0,1) noise
        var (masked, mask) = ActivityMasker.Apply(activity, 0.25, 1, new Generator(2));
        double selected = mask.mean().item<float>();
        Assert.InRange(selected, 0.24, 0.26);
        var isSelected = mask.gt(0);
        Assert.True(masked.masked_select(isSelected.logical_not()).allclose(activity.masked_select(isSelected.logical_not()), 0, 0));
        var maskedValues = masked.masked_select(isSelected);
        var originals = activity.masked_select(isSelected);
        double total = maskedValues.numel();
        double zeroed = maskedValues.eq(0).sum().item<long>() / total;
        double kept = maskedValues.eq(originals).sum().item<long>() / total;
        double noised = 1 - zeroed - kept;
        Assert.InRange(zeroed, 0.78, 0.82);
        Assert.InRange(kept, 0.09, 0.11);
        Assert.InRange(noised, 0.09, 0.11);
        Assert.True(maskedValues.masked_select(maskedValues.ne(0).logical_and(maskedValues.ne(originals))).abs().max().item<float>() < 7);
    }

    [Fact]
    public void SpansKeepTheRatioAndComeInRuns()
    {
        var activity = ones(2, 200, 300);
        var (_, mask) = ActivityMasker.Apply(activity, 0.25, 4, new Generator(3));
        Assert.InRange(mask.mean().item<float>(), 0.235, 0.265);
        // A selected frame's neighbour is selected far more often than the 25 % base rate.
        var both = (mask.narrow(2, 1, 299) * mask.narrow(2, 0, 299)).sum().item<float>();
        Assert.True(both / mask.narrow(2, 0, 299).sum().item<float>() > 0.6);
    }

    [Fact]
    public void SameGeneratorSeedSameMask()
    {
        var activity = randn(2, 5, 30);
        var (a, ma) = ActivityMasker.Apply(activity, 0.25, 2, new Generator(7));
        var (b, mb) = ActivityMasker.Apply(activity, 0.25, 2, new Generator(7));
        Assert.True(a.allclose(b, 0, 0));
        Assert.True(ma.allclose(mb, 0, 0));
    }

    [Fact]
    public void LossCountsOnlyMaskedEntriesAndAveragesOverAll()
    {
        var predicted = tensor(new float[] { 1, 2, 3, 4 }).view(1, 2, 2);
        var target = zeros(1, 2, 2);
        var mask = tensor(new float[] { 1, 0, 0, 1 }).view(1, 2, 2);
        Assert.Equal((1 + 16) / 4.0, ActivityMasker.MaskedSquaredError(predicted, target, mask).item<float>(), 6);
    }
}
