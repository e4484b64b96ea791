namespace Blend.Data.Identity;

/// <summary>
/// A transcriptomic-identity dataset in the Bugeon et al. (2022) session-folder layout, preprocessed as NeuPRINT does
/// (reference <c>neuprint-identity-task.md</c> §1): sessions with z-scored activity, population and neighbour
/// channels, and one identity per tracked neuron.
/// </summary>
public sealed class IdentityDataset
{
    public required string Folder { get; init; }

    /// <summary>Sessions ordered by (mouse, date), ordinal.</summary>
    public required IReadOnlyList<IdentitySession> Sessions { get; init; }

    /// <summary>Every identity; <c>Neurons[id].Id == id</c>.</summary>
    public required IReadOnlyList<IdentityNeuron> Neurons { get; init; }

    /// <summary>Distinct mice, ordinal order.</summary>
    public IReadOnlyList<string> Mice => Sessions.Select(s => s.Mouse).Distinct().Order(StringComparer.Ordinal).ToArray();
}
