using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// Multi-head self-attention in which position t attends only positions t − c … t (a causal band of c + 1 keys), as
/// NeuPRINT's banded mask does. With c small the band is computed directly, shift by shift, in O(W·c) time and
/// memory instead of materialising a W × W score matrix. Parameters follow <c>nn.MultiheadAttention</c>
/// (<c>in_proj</c> D → 3D, <c>out_proj</c> D → D) so the layer is a drop-in for PyTorch's masked attention.
/// </summary>
public sealed class BandedSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear in_proj;
    private readonly Linear out_proj;
    private readonly FastDropout attention_dropout;
    private readonly int _heads;
    private readonly int _contextBackward;

    /// <summary>Builds the attention with <c>nn.MultiheadAttention</c>'s initialisation (Xavier-uniform input projection, zero biases).</summary>
    /// <param name="width">Token width D; must be divisible by <paramref name="heads"/>.</param>
    /// <param name="heads">Number of attention heads.</param>
    /// <param name="contextBackward">Band length c ≥ 0: position t attends positions t − c … t.</param>
    /// <param name="dropout">Dropout probability on the attention weights.</param>
    public BandedSelfAttention(int width, int heads, int contextBackward, double dropout) : base(nameof(BandedSelfAttention))
    {
        if (heads < 1 || width % heads != 0)
            throw new ArgumentException($"attention width {width} is not divisible by {heads} heads");
        if (contextBackward < 0) throw new ArgumentOutOfRangeException(nameof(contextBackward), $"context must be ≥ 0, got {contextBackward}");
        _heads = heads;
        _contextBackward = contextBackward;
        in_proj = nn.Linear(width, 3 * width);
        out_proj = nn.Linear(width, width);
        attention_dropout = new FastDropout(dropout);
        RegisterComponents();
        // nn.MultiheadAttention's init: Xavier-uniform input projection, zero biases.
        nn.init.xavier_uniform_(in_proj.weight);
        nn.init.zeros_(in_proj.bias);
        nn.init.zeros_(out_proj.bias);
    }

    /// <summary>S sequences × W positions × D → S × W × D.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        long sequences = input.shape[0], positions = input.shape[1], width = input.shape[2];
        long headWidth = width / _heads;
        var qkv = in_proj.forward(input).view(sequences, positions, 3, _heads, headWidth);
        var query = qkv.select(2, 0) / Math.Sqrt(headWidth);
        var key = qkv.select(2, 1);
        var value = qkv.select(2, 2);

        int band = (int)Math.Min(_contextBackward, positions - 1) + 1;
        var scores = new Tensor[band];
        var values = new Tensor[band];
        for (int shift = 0; shift < band; shift++)
        {
            var shiftedKey = Shift(key, shift);
            values[shift] = Shift(value, shift);
            var score = (query * shiftedKey).sum(-1); // S × W × H
            if (shift > 0)
            {
                // Positions t < shift have no key t − shift: exclude them from the softmax.
                var missing = arange(positions, device: input.device).lt(shift).view(1, positions, 1);
                score = score.masked_fill(missing, float.NegativeInfinity);
            }
            scores[shift] = score;
        }
        var weights = attention_dropout.forward(nn.functional.softmax(stack(scores, -1), -1)); // S × W × H × band
        Tensor mixed = weights.select(-1, 0).unsqueeze(-1) * values[0];
        for (int shift = 1; shift < band; shift++) mixed = mixed + weights.select(-1, shift).unsqueeze(-1) * values[shift];
        return out_proj.forward(mixed.reshape(sequences, positions, width)).MoveToOuterDisposeScope();
    }

    /// <summary>x[:, t] ← x[:, t − shift] along dim 1, zeros where t &lt; shift.</summary>
    private static Tensor Shift(Tensor x, int shift)
    {
        if (shift == 0) return x;
        long positions = x.shape[1];
        var front = zeros_like(x.narrow(1, 0, shift));
        return cat([front, x.narrow(1, 0, positions - shift)], 1);
    }
}
