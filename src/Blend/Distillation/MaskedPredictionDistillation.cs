using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Distillation;

/// <summary>
/// Mean squared error between student and teacher predictions at the entries the student's own loss scores
/// (<see cref="ModelOutput.ScoredEntries"/>: the masked entries), i.e. the teacher's predictions used as soft
/// targets in place of the truth. This is the identity task's "soft" strategy: a softmax over neurons suits
/// log-rates of counts, not z-scored calcium traces (as NeuPRINT's masked reconstruction does).
/// </summary>
public sealed class MaskedPredictionDistillation : IDistillationStrategy
{
    /// <summary><c>soft</c>: this strategy stands in for the soft strategy when predictions are continuous.</summary>
    public string Name => "soft";

    /// <summary>Squared student–teacher difference summed over the student's scored entries and divided by their count (at least 1); 0-d.</summary>
    /// <exception cref="InvalidOperationException">The student's output has no <see cref="ModelOutput.ScoredEntries"/>.</exception>
    public Tensor Loss(ModelOutput student, ModelOutput teacher)
    {
        var scored = student.ScoredEntries
            ?? throw new InvalidOperationException("masked-prediction distillation needs the student's scored entries (ModelOutput.ScoredEntries)");
        var squared = scored * (student.LogRates - teacher.LogRates).square();
        return squared.sum() / scored.sum().clamp_min(1);
    }
}
