using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Distillation;

/// <summary>Hard-label distillation: mean squared error between student and teacher log-rates over every position.</summary>
public sealed class HardDistillation : IDistillationStrategy
{
    /// <summary>Always <c>hard</c>.</summary>
    public string Name => "hard";

    /// <summary>MSE between student and teacher log-rates, averaged over every (trial, bin, neuron) entry (0-d).</summary>
    public Tensor Loss(ModelOutput student, ModelOutput teacher) => LogRateMse(student.LogRates, teacher.LogRates);

    internal static Tensor LogRateMse(Tensor student, Tensor teacher) => nn.functional.mse_loss(student, teacher);
}
