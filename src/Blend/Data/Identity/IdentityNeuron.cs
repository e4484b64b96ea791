namespace Blend.Data.Identity;

/// <summary>
/// One neuron identity: a transcriptomically matched ("record") neuron keeps one identity across all sessions of its
/// mouse (same <c>neuron.UniqueID</c>); every other neuron (EC, unmatched IN) is a new identity in each session,
/// as in NeuPRINT. <see cref="Id"/> is dense 0…K−1 over the whole dataset and indexes <see cref="IdentityDataset.Neurons"/>.
/// </summary>
/// <param name="Id">Dense index over the dataset (the row of the embedding table Φ).</param>
/// <param name="Mouse">The mouse the neuron belongs to.</param>
/// <param name="Class">EC or IN (every t-type is IN).</param>
/// <param name="Subclass">Lamp5/Vip/Pvalb/Sst/Sncg for record neurons whose t-type starts with one of them; null otherwise.</param>
/// <param name="UniqueId">The file's <c>neuron.UniqueID</c> (null when NaN: not matched to transcriptomics).</param>
/// <param name="TType">The line of <c>neuron.ttype.txt</c> (first session it appears in).</param>
public sealed record IdentityNeuron(int Id, string Mouse, CellClass Class, Subclass? Subclass, double? UniqueId, string TType)
{
    /// <summary>A record neuron: matched to the ex-vivo transcriptomics (non-NaN UniqueID), tracked across sessions.</summary>
    public bool IsRecord => UniqueId is not null;
}
