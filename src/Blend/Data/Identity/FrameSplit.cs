namespace Blend.Data.Identity;

/// <summary>
/// NeuPRINT's split in time: windows for dynamics training and for every Φ fit start in the
/// first <c>fraction</c> of each session's frames; the rest is held-out time for the validation loss.
/// </summary>
public static class FrameSplit
{
    /// <summary>NeuPRINT's fraction of each session's frames used for training and Φ fitting (0.75).</summary>
    public const double DefaultTrainingFraction = 0.75;

    /// <summary>floor(fraction · frames), as the reference's <c>int(T * 0.75)</c>: frames [0, result) are for training
    /// and Φ fitting, frames [result, frames) are held-out time.</summary>
    public static int TrainingFrames(int frames, double fraction = DefaultTrainingFraction)
    {
        if (frames < 0) throw new ArgumentOutOfRangeException(nameof(frames), $"{frames} frames");
        if (!(fraction > 0 && fraction <= 1))
            throw new BlendInputException($"training fraction of frames must be in (0, 1], got {fraction}");
        return (int)Math.Floor(fraction * frames);
    }
}
