using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// NeuPRINT's per-neuron time-invariant embeddings Φ: one row per identity, initialised U(−1, 1),
/// no normalisation or weight decay. A record neuron seen in several sessions has one row.
/// </summary>
public sealed class NeuronEmbeddingTable : nn.Module
{
    private readonly Parameter embeddings;

    /// <summary>A table of <paramref name="identities"/> rows × <paramref name="width"/> columns drawn from U(−1, 1).</summary>
    /// <param name="identities">Number of neuron identities (rows).</param>
    /// <param name="width">Embedding width (NeuPRINT's <c>EmbeddingDim</c>).</param>
    /// <param name="generator">Random stream for the initial values (null: torch's default generator).</param>
    public NeuronEmbeddingTable(int identities, int width, Generator? generator = null) : base(nameof(NeuronEmbeddingTable))
    {
        if (identities < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(identities), $"an embedding table needs ≥ 1 row and column, got {identities} × {width}");
        embeddings = nn.Parameter(rand(identities, width, generator: generator) * 2 - 1);
        RegisterComponents();
    }

    /// <summary>The learned table Φ (identities × width).</summary>
    public Parameter Embeddings => embeddings;

    /// <summary>Number of rows: one per neuron identity.</summary>
    public int Identities => (int)embeddings.shape[0];

    /// <summary>Embedding width (columns).</summary>
    public int Width => (int)embeddings.shape[1];

    /// <summary>The rows of <paramref name="ids"/> (int64), with gradient to the table.</summary>
    public Tensor Rows(Tensor ids) => embeddings.index_select(0, ids);

    /// <summary>The table as identities × width float64 values (row-major).</summary>
    public double[] ToArray()
    {
        using var scope = NewDisposeScope();
        return embeddings.detach().to(ScalarType.Float64).data<double>().ToArray();
    }
}
