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

    public IdentitySession Session { get; }

    public Tensor Activity { get; }

    public Tensor Population { get; }

    public Tensor Neighbours { get; }

    public Tensor Ids { get; }

    public int[] RecordColumns { get; }

    public int[] OtherColumns { get; }

    public void Dispose()
    {
        Activity.Dispose();
        Population.Dispose();
        Neighbours.Dispose();
        Ids.Dispose();
    }
}
