using Blend.Models;

namespace Blend.Distillation;

/// <summary>What a model's predictions are: log-rates of spike counts (Poisson) or continuous signals such as z-scored calcium traces.</summary>
public enum ObservationKind
{
    /// <summary>Spike counts per bin; predictions are Poisson log-rates.</summary>
    Counts,
    /// <summary>Continuous signals (e.g. z-scored calcium traces); predictions are the signal values themselves.</summary>
    Continuous,
}

/// <summary>
/// What a distillation strategy needs to know of the student and the teacher it connects, whatever their family: the
/// width and number of their feature layers (for feature distillation's projector) and what their outputs predict (the
/// soft strategy softens Poisson log-rates with a temperature, but matches continuous predictions directly).
/// </summary>
public sealed record DistillationPair(int StudentFeatureWidth, int TeacherFeatureWidth, int StudentFeatureLayers, int TeacherFeatureLayers,
    ObservationKind Observations)
{
    /// <summary>A student and a teacher of the population-dynamics families (spike counts).</summary>
    public static DistillationPair Of(NeuralDynamicsModel student, NeuralDynamicsModel teacher) =>
        new(student.FeatureWidth, teacher.FeatureWidth, student.FeatureLayers, teacher.FeatureLayers, ObservationKind.Counts);
}
