namespace Blend.Data.Identity;

/// <summary>
/// A transcriptomic-identity dataset in the Bugeon et al. (2022) session-folder layout, preprocessed as NeuPRINT does
/// (as NeuPRINT, Mi et al. 2023, preprocesses it): sessions with z-scored activity, population and neighbour
/// channels, and one identity per tracked neuron.
/// </summary>
public sealed class IdentityDataset
{
    /// <summary>The dataset root folder (holding the <c>MOUSE/DATE/</c> session folders), as given to <see cref="Load"/>.</summary>
    public required string Folder { get; init; }

    /// <summary>Sessions ordered by (mouse, date), ordinal.</summary>
    public required IReadOnlyList<IdentitySession> Sessions { get; init; }

    /// <summary>Every identity; <c>Neurons[id].Id == id</c>.</summary>
    public required IReadOnlyList<IdentityNeuron> Neurons { get; init; }

    /// <summary>Every session's preprocessing warnings, in session order.</summary>
    public IReadOnlyList<string> Warnings => [.. Sessions.SelectMany(s => s.Warnings)];

    /// <summary>Distinct mice, ordinal order.</summary>
    public IReadOnlyList<string> Mice => Sessions.Select(s => s.Mouse).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Reads every <c>MOUSE/DATE/</c> session under <paramref name="folder"/> (see <see cref="BugeonLayout"/>) and
    /// preprocesses it (see <see cref="SessionPreprocessing"/>); identities as <see cref="IdentityAssignment"/>.
    /// Any missing file, shape mismatch or bad value is a <see cref="BlendInputException"/> naming the file.
    /// </summary>
    public static IdentityDataset Load(string folder, IdentityLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        options ??= IdentityLoadOptions.Default;
        options.Validate();
        var assignment = new IdentityAssignment();
        var sessions = new List<IdentitySession>();
        // One session at a time, so only one session's float64 raw arrays are alive at once.
        foreach (var sessionFolder in BugeonLayout.FindSessions(folder, options.RecordingFolder))
        {
            var data = BugeonSessionData.Read(sessionFolder);
            var ids = assignment.Add(sessionFolder.Mouse, data.UniqueIds, data.TTypes, sessionFolder.TTypes, sessionFolder.UniqueIds);
            sessions.Add(SessionPreprocessing.Build(data, ids, options));
        }
        return new IdentityDataset { Folder = folder, Sessions = sessions, Neurons = assignment.Neurons.ToArray() };
    }

    /// <summary>The identities of one mouse, in id order; an unknown mouse is refused with the list of mice.</summary>
    public IReadOnlyList<IdentityNeuron> NeuronsOfMouse(string mouse)
    {
        CheckMouse(mouse);
        return Neurons.Where(n => n.Mouse == mouse).ToArray();
    }

    /// <summary>The sessions of one mouse, in date order; an unknown mouse is refused with the list of mice.</summary>
    public IReadOnlyList<IdentitySession> SessionsOfMouse(string mouse)
    {
        CheckMouse(mouse);
        return Sessions.Where(s => s.Mouse == mouse).ToArray();
    }

    private void CheckMouse(string mouse)
    {
        if (!Sessions.Any(s => s.Mouse == mouse))
            throw new BlendInputException($"{Folder}: no mouse '{mouse}'; the mice are {string.Join(", ", Mice)}");
    }
}
