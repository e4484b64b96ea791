using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Distillation;

/// <summary>How the soft (tempered KL) term is normalised.</summary>
public enum SoftDistillationScaling
{
    /// <summary>τ² × KL averaged over (trial, bin): on the scale of the per-entry MLM loss, so α weighs like terms.</summary>
    PerBinMean,
    /// <summary>The reference's τ² × KL summed over bins and neurons and divided by the batch size only: about T
    /// times larger, so it dominates α = 0.5.</summary>
    Reference,
}

/// <summary>
/// Soft-label distillation: at each (trial, bin), p = softmax over neurons of teacher log-rates / τ and
/// q = softmax of student log-rates / τ; the loss is τ²·KL(p ‖ q). It matches the teacher's relative population
/// profile (λ^(1/τ) normalised) and is blind to the overall rate level.
/// </summary>
public sealed class SoftDistillation(double temperature = 2.0, SoftDistillationScaling scaling = SoftDistillationScaling.PerBinMean)
    : IDistillationStrategy
{
    /// <summary>Softmax temperature τ &gt; 0 (Hinton et al. 2015); larger values flatten both distributions over neurons.</summary>
    public double Temperature { get; } = temperature > 0 ? temperature
        : throw new ArgumentOutOfRangeException(nameof(temperature), $"temperature must be positive, got {temperature}");

    /// <summary>How τ²·KL is reduced over (trial, bin): a per-bin mean or the reference's sum divided by the batch size.</summary>
    public SoftDistillationScaling Scaling { get; } = scaling;

    /// <summary>Always <c>soft</c>.</summary>
    public string Name => "soft";

    /// <summary>τ²·KL(p ‖ q) between the tempered softmaxes over neurons of teacher (p) and student (q) log-rates, reduced per <see cref="Scaling"/> (0-d).</summary>
    public Tensor Loss(ModelOutput student, ModelOutput teacher)
    {
        var logP = nn.functional.log_softmax(teacher.LogRates / Temperature, -1);
        var logQ = nn.functional.log_softmax(student.LogRates / Temperature, -1);
        var perBin = (logP.exp() * (logP - logQ)).sum(-1); // B × T
        double tau2 = Temperature * Temperature;
        return Scaling == SoftDistillationScaling.Reference
            ? perBin.sum() * (tau2 / student.LogRates.shape[0])
            : perBin.mean() * tau2;
    }
}
