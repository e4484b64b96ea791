namespace Blend.Data.Identity;

/// <summary>
/// Dense neuron identities over a dataset, as NeuPRINT assigns them. A neuron with a UniqueID (a record neuron) has one
/// identity per (mouse, UniqueID), shared by all that mouse's sessions; the same UniqueID in another mouse is another
/// cell. Every neuron without one (NaN) is a new identity in its session. Identities are numbered 0…K−1 in session
/// order, then column order, at first appearance, so UniqueIDs need not be contiguous (unlike the reference,
/// which assumes 0…K−1).
/// </summary>
public sealed class IdentityAssignment
{
    private readonly List<IdentityNeuron> _neurons = [];
    private readonly Dictionary<(string Mouse, double UniqueId), (int Id, string File, int Line)> _records = [];

    /// <summary>Every identity assigned so far, indexed by its <see cref="IdentityNeuron.Id"/>.</summary>
    public IReadOnlyList<IdentityNeuron> Neurons => _neurons;

    /// <summary>
    /// Assigns the identities of one session's neurons (call in session order) and returns them per column.
    /// <paramref name="ttypeFile"/> names the t-type file in errors: a record neuron must have the same t-type in
    /// every session, and a UniqueID may appear only once per session.
    /// </summary>
    public int[] Add(string mouse, IReadOnlyList<double> uniqueIds, IReadOnlyList<string> ttypes, string ttypeFile, string uniqueIdFile)
    {
        if (uniqueIds.Count != ttypes.Count)
            throw new ArgumentException($"{uniqueIds.Count} UniqueIDs for {ttypes.Count} t-types");
        var ids = new int[uniqueIds.Count];
        var seen = new Dictionary<double, int>();
        for (int n = 0; n < ids.Length; n++)
        {
            string ttype = ttypes[n];
            if (double.IsNaN(uniqueIds[n]))
            {
                ids[n] = New(mouse, ttype, uniqueId: null);
                continue;
            }
            double uid = uniqueIds[n];
            if (!seen.TryAdd(uid, n))
                throw new BlendInputException(
                    $"{uniqueIdFile}: UniqueID {uid} appears at neurons {seen[uid]} and {n}; a matched cell can be only one neuron of a session");
            if (_records.TryGetValue((mouse, uid), out var first))
            {
                string firstTType = _neurons[first.Id].TType;
                if (firstTType != ttype)
                    throw new BlendInputException(
                        $"{ttypeFile} line {n + 1}: UniqueID {uid} of mouse {mouse} is '{ttype}' but {first.File} line {first.Line} has '{firstTType}'; a tracked neuron keeps one t-type");
                ids[n] = first.Id;
                continue;
            }
            ids[n] = New(mouse, ttype, uid);
            _records.Add((mouse, uid), (ids[n], ttypeFile, n + 1));
        }
        return ids;
    }

    private int New(string mouse, string ttype, double? uniqueId)
    {
        int id = _neurons.Count;
        // NeuPRINT keeps a subclass only for record neurons; an unmatched IN with a t-type-like line gets none.
        var subclass = uniqueId is null ? null : TTypeLabels.SubclassOf(ttype);
        _neurons.Add(new IdentityNeuron(id, mouse, TTypeLabels.ClassOf(ttype), subclass, uniqueId, ttype));
        return id;
    }
}
