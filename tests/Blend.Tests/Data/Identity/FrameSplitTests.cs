using Blend.Data.Identity;

namespace Blend.Tests.Data.Identity;

/// <summary>The reference's split in time: windows for training and Φ fits start in the first 75% of frames.</summary>
public class FrameSplitTests
{
    [Fact]
    public void TheTrainingFramesAreTheFirstFractionRoundedDown()
    {
        Assert.Equal(2700, FrameSplit.TrainingFrames(3600));
        Assert.Equal(2957, FrameSplit.TrainingFrames(3943)); // int(3943 · 0.75) = int(2957.25)
        Assert.Equal(3, FrameSplit.TrainingFrames(5, 0.7));
        Assert.Equal(5, FrameSplit.TrainingFrames(5, 1));
        Assert.Throws<BlendInputException>(() => FrameSplit.TrainingFrames(10, 0));
        Assert.Throws<BlendInputException>(() => FrameSplit.TrainingFrames(10, 1.5));
    }
}
