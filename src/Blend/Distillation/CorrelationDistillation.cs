using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Distillation;

/// <summary>
/// Correlation distillation: hard MSE plus, per trial, the mean squared difference between the student's and the
/// teacher's neuron × neuron Pearson correlation matrices of log-rates across time, averaged over trials. A neuron
/// whose log-rate is constant within a trial has correlation 0 with every other neuron (not NaN, as torch.corrcoef
/// would give).
/// </summary>
public sealed class CorrelationDistillation : IDistillationStrategy
{
    /// <summary>Always <c>correlation</c>.</summary>
    public string Name => "correlation";

    /// <summary>Log-rate MSE plus the mean squared difference of the per-trial N × N log-rate correlation matrices (0-d).</summary>
    public Tensor Loss(ModelOutput student, ModelOutput teacher)
    {
        var difference = Correlations(student.LogRates) - Correlations(teacher.LogRates);
        return HardDistillation.LogRateMse(student.LogRates, teacher.LogRates) + difference.square().mean();
    }

    /// <summary>B × N × N Pearson correlations across time (dim 1) of B × T × N inputs, clipped to [−1, 1].</summary>
    internal static Tensor Correlations(Tensor logRates)
    {
        var centered = logRates - logRates.mean([1], keepdim: true);
        var norms = centered.square().sum(1).sqrt(); // B × N
        var covariance = centered.transpose(1, 2).bmm(centered); // B × N × N
        var scale = norms.unsqueeze(2) * norms.unsqueeze(1);
        // Constant neurons: zero covariance over a zero norm → 0 instead of NaN.
        var correlation = covariance / scale.clamp_min(1e-12);
        return correlation.clamp(-1, 1);
    }
}
