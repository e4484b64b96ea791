using Blend.Data;

namespace Blend.Evaluation;

/// <summary>
/// How much of a known latent state a model's latents hold: a ridge map from the model's latents to the true latents,
/// α chosen and fitted on the training trials exactly as NLB's velocity decoder is (5-fold GridSearchCV over
/// logspace(−4, 0, 9)), scored by R² (uniform over true-latent dimensions) on the eval trials. The usual check of
/// latent-variable models on synthetic data (e.g. LFADS' and NDT's Lorenz benchmarks).
/// </summary>
public static class LatentR2
{
    /// <summary>The metric's key in scores and results (beside nlb_tools' <c>co-bps</c>, <c>vel R2</c>, …).</summary>
    public const string MetricName = "latent R2";

    /// <param name="trainLatents">Model latents of the training trials (trials × bins × width).</param>
    /// <param name="trainTruth">True latents of the same trials and bins (trials × bins × dims).</param>
    /// <param name="evalLatents">Model latents of the eval trials (trials × bins × width, the width of <paramref name="trainLatents"/>).</param>
    /// <param name="evalTruth">True latents of the eval trials and bins (trials × bins × dims).</param>
    public static double Score(Array3 trainLatents, Array3 trainTruth, Array3 evalLatents, Array3 evalTruth)
    {
        if (trainLatents.Trials != trainTruth.Trials || trainLatents.Time != trainTruth.Time
            || evalLatents.Trials != evalTruth.Trials || evalLatents.Time != evalTruth.Time || trainLatents.Channels != evalLatents.Channels)
            throw new MetricInputException(
                $"latent R²: model latents {trainLatents.ShapeText} / {evalLatents.ShapeText} do not fit true latents {trainTruth.ShapeText} / {evalTruth.ShapeText}");
        return VelocityDecoding.FitAndEvalDecoder(RowMatrix.FromArray3(trainLatents), RowMatrix.FromArray3(trainTruth),
            RowMatrix.FromArray3(evalLatents), RowMatrix.FromArray3(evalTruth));
    }
}
