using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Distillation;

/// <summary>
/// Poisson distillation: the KL divergence from the teacher's Poisson rate λₜ to the student's λₛ at every position,
/// KL = λₜ (log λₜ − log λₛ) − λₜ + λₛ, averaged over (trial, bin, neuron). It is the student's own Poisson NLL with the
/// teacher's rate in place of the observed count (up to a constant), so the teacher's targets are weighed as the data
/// are (generalized distillation, Lopez-Paz et al. 2016). <c>hard</c>'s log-rate MSE instead weighs a gap of one nat
/// alike at 0.01 and at 5 spikes per bin, spending the student's capacity on near-silent bins the likelihood ignores.
/// </summary>
public sealed class PoissonDistillation : IDistillationStrategy
{
    /// <summary>Always <c>poisson</c>.</summary>
    public string Name => "poisson";

    /// <summary>Mean Poisson KL(teacher ‖ student) over (trial, bin, neuron), computed from the two models' log-rates (0-d).</summary>
    public Tensor Loss(ModelOutput student, ModelOutput teacher)
    {
        using var scope = NewDisposeScope();
        var teacherRates = teacher.LogRates.exp();
        var kl = teacherRates.mul(teacher.LogRates - student.LogRates) - teacherRates + student.LogRates.exp();
        return kl.mean().MoveToOuterDisposeScope();
    }
}
