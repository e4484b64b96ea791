using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// STNDT's spatial attention (Le &amp; Shlizerman 2022): only the attention probabilities of a
/// multi-head attention over the neuron tokens of a (normalised) B × W × T input, averaged over heads:
/// W_s = (1/H)·Σ_h softmax(Q_h·K_hᵀ/√(T/H)), with Q = x·W_qᵀ + b_q and K = x·W_kᵀ + b_k; B × W × W, rows sum to 1.
/// The reference's value and output projections never reach the output and are not built. The Q/K weights are drawn
/// from the Xavier-uniform bound of PyTorch's packed 3T × T in-projection (±√(6 / 4T)), biases 0, so the weights
/// have the reference's distribution. No mask, no dropout.
/// </summary>
public sealed class SpatialAttentionWeights : nn.Module
{
    private readonly Parameter in_proj_weight, in_proj_bias;
    private readonly int _heads;

    /// <summary>Builds the Q/K projection with the reference's weight distribution and zero biases.</summary>
    /// <param name="features">Token width T (STNDT: bins per trial); must be divisible by <paramref name="heads"/>.</param>
    /// <param name="heads">Attention heads H.</param>
    public SpatialAttentionWeights(int features, int heads) : base("SpatialAttentionWeights")
    {
        if (heads < 1 || features % heads != 0)
            throw new ArgumentException($"spatial attention over {features} features cannot have {heads} heads", nameof(heads));
        _heads = heads;
        in_proj_weight = new Parameter(empty(2 * features, features));
        in_proj_bias = new Parameter(zeros(2 * features));
        using (no_grad())
        {
            double bound = Math.Sqrt(6.0 / (4.0 * features));
            nn.init.uniform_(in_proj_weight, -bound, bound);
        }
        RegisterComponents();
    }

    /// <summary>Head-averaged attention probabilities (B × W × W) of the tokens of <paramref name="normalized"/> (B × W × T).</summary>
    public Tensor Forward(Tensor normalized)
    {
        long batch = normalized.shape[0], tokens = normalized.shape[1], features = normalized.shape[2], headWidth = features / _heads;
        var qk = nn.functional.linear(normalized, in_proj_weight, in_proj_bias)
            .view(batch, tokens, 2, _heads, headWidth).permute(2, 0, 3, 1, 4); // 2 × B × H × W × d
        var scores = qk[0].matmul(qk[1].transpose(-2, -1)) / Math.Sqrt(headWidth);
        return scores.softmax(-1).mean([1]);
    }
}
