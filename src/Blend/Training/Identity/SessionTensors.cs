using Blend.Data.Identity;
using static TorchSharp.torch;

namespace Blend.Training.Identity;

/// <summary>
/// One session's arrays as tensors, uploaded once so that batches are gathered by indexing (no per-step host
/// copies of activity): activity N × T, population 5 × T, neighbours N × 2 × T, identity ids N, and which columns
/// are record neurons.
/// </summary>
public sealed class SessionTensors : IDisposable
{
    /// <summary>Uploads <paramref name="session"/>'s arrays as tensors and sorts its columns into record and other neurons.</summary>
    /// <param name="session">The session whose activity, population and neighbour channels are copied.</param>
    /// <param name="neurons">The dataset's neurons, indexed by identity id (tells which columns are record neurons).</param>
    public SessionTensors(IdentitySession session, IReadOnlyList<IdentityNeuron> neurons)
    {
        Session = session;
        Activity = tensor(session.Activity, [session.NeuronCount, session.Frames]);
        Population = tensor(session.Population, [PopulationChannel.Count, session.Frames]);
        Neighbours = tensor(session.Neighbours, [session.NeuronCount, 2, session.Frames]);
        Ids = tensor(session.NeuronIds.Select(id => (long)id).ToArray(), ScalarType.Int64);
        RecordColumns = Enumerable.Range(0, session.NeuronCount).Where(i => neurons[session.NeuronIds[i]].IsRecord).ToArray();
        OtherColumns = Enumerable.Range(0, session.NeuronCount).Where(i => !neurons[session.NeuronIds[i]].IsRecord).ToArray();
    }

    /// <summary>The session the tensors come from.</summary>
    public IdentitySession Session { get; }

    /// <summary>Z-scored activity, neurons × frames (float32).</summary>
    public Tensor Activity { get; }

    /// <summary>The 5 population channels × frames: running, pupil, state, then mean and SD of the activity.</summary>
    public Tensor Population { get; }

    /// <summary>Each neuron's two neighbour channels (mean, SD of nearby neurons), neurons × 2 × frames.</summary>
    public Tensor Neighbours { get; }

    /// <summary>Each column's identity id (the row of the embedding table Φ), int64, one per neuron.</summary>
    public Tensor Ids { get; }

    /// <summary>Columns of record neurons (matched to transcriptomics and tracked across sessions).</summary>
    public int[] RecordColumns { get; }

    /// <summary>Columns of all other neurons (a new identity in each session).</summary>
    public int[] OtherColumns { get; }

    /// <summary>Disposes the tensors.</summary>
    public void Dispose()
    {
        Activity.Dispose();
        Population.Dispose();
        Neighbours.Dispose();
        Ids.Dispose();
    }
}
