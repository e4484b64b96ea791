namespace Blend.Distillation;

/// <summary>The <c>distillation:</c> section of a <c>blend run</c> config: how students learn from the teacher.</summary>
public sealed record DistillationOptions
{
    /// <summary>Weight of the student's own masked Poisson NLL; the distillation term gets 1 − α.</summary>
    public double Alpha { get; init; } = 0.5;

    /// <summary>Softmax temperature τ of the soft strategy.</summary>
    public double Temperature { get; init; } = 2.0;

    /// <summary>How the soft term is normalised (per_bin_mean: on the MLM loss's scale; reference: the reference's sum).</summary>
    public SoftDistillationScaling SoftScaling { get; init; } = SoftDistillationScaling.PerBinMean;

    /// <summary>What the frozen teacher reads: the student's masked batch (default) or the unmasked spikes.</summary>
    public TeacherInput TeacherInput { get; init; } = TeacherInput.Masked;

    /// <summary>
    /// Start the teacher from the same seed's trained baseline (its behavior embedding zero, so it starts as that baseline)
    /// instead of from scratch: a teacher that must first relearn the dynamics can end up a worse rate model than the
    /// baseline it is meant to improve on.
    /// </summary>
    public bool TeacherFromBaseline { get; init; }

    /// <summary>Start each student from the same seed's trained baseline: distillation then refines a model that already
    /// fits the spikes, instead of trading its own loss against the teacher's from a random start.</summary>
    public bool StudentFromBaseline { get; init; }

    /// <summary>Weight of the per-layer feature term of the feature strategy.</summary>
    public double FeatureWeight { get; init; } = 1.0;

    /// <summary>Comma-separated strategies, one student each: hard, soft, correlation, feature, or weighted sums such as 0.5*hard+0.5*soft.</summary>
    public string Strategies { get; init; } = "hard,soft,correlation,feature";
}
