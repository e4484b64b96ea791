using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// PyTorch's <c>TransformerEncoderLayer(norm_first=True, activation=relu)</c> with banded self-attention:
/// x ← x + dropout(attn(LN₁(x))); x ← x + dropout(W₂·dropout(relu(W₁·LN₂(x)))).
/// </summary>
public sealed class PreNormEncoderLayer : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly LayerNorm norm2;
    private readonly BandedSelfAttention self_attn;
    private readonly Linear linear1;
    private readonly Linear linear2;
    private readonly FastDropout dropout;
    private readonly FastDropout dropout1;
    private readonly FastDropout dropout2;

    /// <summary>Builds the layer with PyTorch's default initialisation.</summary>
    /// <param name="width">Token width D; must be divisible by <paramref name="heads"/>.</param>
    /// <param name="heads">Attention heads.</param>
    /// <param name="feedforward">Width of the feed-forward block.</param>
    /// <param name="contextBackward">Attention band: position t attends t − <paramref name="contextBackward"/> … t.</param>
    /// <param name="dropoutRate">Dropout on the attention weights, both residual branches and inside the feed-forward block.</param>
    public PreNormEncoderLayer(int width, int heads, int feedforward, int contextBackward, double dropoutRate)
        : base(nameof(PreNormEncoderLayer))
    {
        norm1 = nn.LayerNorm(width);
        norm2 = nn.LayerNorm(width);
        self_attn = new BandedSelfAttention(width, heads, contextBackward, dropoutRate);
        linear1 = nn.Linear(width, feedforward);
        linear2 = nn.Linear(feedforward, width);
        dropout = new FastDropout(dropoutRate);
        dropout1 = new FastDropout(dropoutRate);
        dropout2 = new FastDropout(dropoutRate);
        RegisterComponents();
    }

    /// <summary>S sequences × W positions × D → S × W × D.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input + dropout1.forward(self_attn.forward(norm1.forward(input)));
        var hidden = dropout.forward(nn.functional.relu(linear1.forward(norm2.forward(x))));
        return (x + dropout2.forward(linear2.forward(hidden))).MoveToOuterDisposeScope();
    }
}
