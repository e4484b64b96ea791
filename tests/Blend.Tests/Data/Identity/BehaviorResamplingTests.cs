using Blend.Data.Identity;

namespace Blend.Tests.Data.Identity;

/// <summary>
/// Behaviour brought to frame times: the bracket average, the last frame, frames outside the samples' span, NaN
/// interpolation, and the per-session z-score. Expected values by hand, the z-scores from numpy.
/// </summary>
public class BehaviorResamplingTests
{
    private static readonly double[] Times = [0, 1, 2, 3];
    private static readonly double[] Values = [10, 20, 30, 40];

    [Fact]
    public void EachFrameAveragesTheSamplesAroundIt()
    {
        double[] frames = [0.5, 2.5, 1.5];
        // 0.5 → (10 + 20) / 2; 2.5 → (30 + 40) / 2; the last frame takes only the sample before it.
        Assert.Equal([15, 35, 20], BehaviorResampling.AtFrames(Times, Values, frames, referenceQuirks: false));
    }

    [Fact]
    public void ASampleAtExactlyTheFrameTimeCountsAsBefore()
    {
        // bisect_right: the first sample strictly after 1.0 is at 2.0, so the pair is (20, 30), not (10, 20).
        Assert.Equal(25, BehaviorResampling.AtFrames(Times, Values, [1.0, 99], referenceQuirks: false)[0]);
        Assert.Equal([20], BehaviorResampling.AtFrames(Times, Values, [1.0], referenceQuirks: false)); // a last frame
    }

    [Fact]
    public void FramesAfterTheLastSampleHoldIt()
    {
        Assert.Equal([40, 40], BehaviorResampling.AtFrames(Times, Values, [3.5, 4], referenceQuirks: false));
        Assert.Equal([40, 40], BehaviorResampling.AtFrames(Times, Values, [3.5, 4], referenceQuirks: true));
    }

    [Fact]
    public void FramesBeforeTheFirstSampleTakeItByDefault()
    {
        Assert.Equal([10, 10], BehaviorResampling.AtFrames(Times, Values, [-1, -0.5], referenceQuirks: false));
    }

    [Fact]
    public void TheReferenceQuirkWrapsFramesBeforeTheFirstSampleToTheLast()
    {
        // Sample −1 is the last one: (40 + 10) / 2 for an ordinary frame, 40 alone for the last frame.
        Assert.Equal([25, 40], BehaviorResampling.AtFrames(Times, Values, [-1, -0.5], referenceQuirks: true));
        Assert.Equal([25, 15, 20], BehaviorResampling.AtFrames(Times, Values, [-1, 0.5, 1.5], referenceQuirks: true));
    }

    [Fact]
    public void NaNsAreInterpolatedOverTheSampleIndexHoldingTheEdges()
    {
        Assert.Equal([2, 2, 4, 6, 8, 8], BehaviorResampling.FillNaNs([double.NaN, 2, double.NaN, double.NaN, 8, double.NaN]));
        Assert.Equal([1, 2, 3], BehaviorResampling.FillNaNs([1, 2, 3]));
    }

    [Fact]
    public void LoadedRunningIsInterpolatedResampledAndZScored()
    {
        // Speed [2, 4, NaN, NaN, 10, 6] → [2, 4, 6, 8, 10, 6]; frames 0…1.25 s → [5, 5, 7, 9, 8, 10] (frame 0 sits on
        // the sample at 0.0, which counts as before it), then numpy's z-score.
        var session = BugeonTestFolder.LoadOne(BugeonTestSession.Simple() with
        {
            RunningTimes = [-0.5, 0.0, 0.4, 0.6, 0.9, 1.3],
            RunningSpeed = [2, 4, double.NaN, double.NaN, 10, 6],
        });
        IdentityPreprocessingTests.AssertClose(
            [-1.237436867076458, -1.237436867076458, -0.17677669529663673, 0.8838834764831845, 0.3535533905932739, 1.4142135623730951],
            session.Channel(PopulationChannel.Running));
    }

    [Theory]
    [InlineData(false, new[] { -1.0606601717798212, -1.0606601717798212, -0.35355339059327373, 0.0, 0.7071067811865475, 1.7677669529663687 })]
    [InlineData(true, new[] { -0.17677669529663673, -0.17677669529663673, -1.237436867076458, -0.7071067811865474, 0.3535533905932739, 1.9445436482630059 })]
    public void LoadedPupilBeforeTheFirstSampleFollowsTheQuirkSwitch(bool quirks, double[] expected)
    {
        // Eye samples start at 0.3 s, after frames 0 and 0.25: [1, 1, 2, 2.5, 3.5, 5] by default, [3, 3, …] with the
        // reference's wrap-around ((5 + 1) / 2).
        var session = BugeonTestFolder.LoadOne(
            BugeonTestSession.Simple() with { EyeTimes = [0.3, 0.55, 0.8, 1.1], EyeSize = [1, 3, 2, 5] },
            new IdentityLoadOptions { ReferenceResamplingQuirks = quirks });
        IdentityPreprocessingTests.AssertClose(expected, session.Channel(PopulationChannel.Pupil));
    }

    [Fact]
    public void AConstantSignalZScoresToZero()
    {
        var session = BugeonTestFolder.LoadOne(BugeonTestSession.Simple() with
        {
            RunningSpeed = Enumerable.Repeat(0.1, 14).ToArray(),
        });
        Assert.All(session.Channel(PopulationChannel.Running).ToArray(), v => Assert.Equal(0f, v));
    }
}
