namespace Blend.Models;

/// <summary>
/// Hyper-parameters of the NeuPRINT dynamics model (Mi et al. 2023). Defaults are
/// the released code's values; the CPU configs shrink the feed-forward width.
/// </summary>
public sealed record NeuprintOptions
{
    /// <summary>Width of the per-neuron time-invariant embedding Φ.</summary>
    public int EmbeddingDim { get; init; } = 64;

    /// <summary>Width of the learned embedding of the (masked) activity value (the code's hidden_dim; Linear 1 → this).</summary>
    public int ActivityDim { get; init; } = 5;

    /// <summary>Attention heads; must divide <see cref="TokenWidth"/>.</summary>
    public int Heads { get; init; } = 2;

    /// <summary>Pre-LayerNorm encoder layers.</summary>
    public int Layers { get; init; } = 1;

    /// <summary>Feed-forward width inside each pre-LayerNorm encoder layer.</summary>
    public int FeedforwardDim { get; init; } = 2048;

    /// <summary>Dropout after the position code, on attention weights, both residual branches and inside the feed-forward block.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Frame t attends frames t − context_backward … t (the released config: 1, a lag-1 band).</summary>
    public int ContextBackward { get; init; } = 1;

    /// <summary>Append each neuron's two neighbour channels (mean, SD of neurons within the radius) to its token.</summary>
    public bool UseNeighbours { get; init; } = true;

    /// <summary>D: activity + Φ + 5 population + (2 neighbour) channels; must divide by <see cref="Heads"/>.</summary>
    public int TokenWidth => ActivityDim + EmbeddingDim + Data.Identity.PopulationChannel.Count + (UseNeighbours ? 2 : 0);
}
