namespace Blend.Data.Identity.Synthetic;

/// <summary>What a generated dataset holds, for the manifest and the command's report: sizes, labelled cells per
/// type, behaviour statistics and the state modulation per type.</summary>
public sealed record SynthBugeonSummary(
    int Mice,
    int Sessions,
    int NeuronSessions,
    int FramesPerSession,
    int LabelledCellSessions,
    int UniqueLabelledCells,
    IReadOnlyDictionary<string, int> UniqueLabelledByType,
    double RunningFraction,
    IReadOnlyList<double> StateFractions,
    IReadOnlyDictionary<string, double> StateModulationByType,
    IReadOnlyList<SynthBugeonSummary.MouseSummary> PerMouse,
    IReadOnlyList<SynthBugeonSummary.SessionSummary> PerSession)
{
    /// <summary>One mouse of the dataset: its running factor, labelled pool and sessions.</summary>
    /// <param name="Name">Mouse name (<c>SX01</c>, …).</param>
    /// <param name="RunningFactor">Running factor m ~ U(0.7, 1.3): longer stationary periods and shorter bouts when larger.</param>
    /// <param name="FirstUniqueId">UID of the pool's first cell (mouse index · 10000 + 1000).</param>
    /// <param name="PoolSize">Labelled cells in the mouse's pool.</param>
    /// <param name="PoolByType">Pool cells per type name, in type order.</param>
    /// <param name="UniqueLabelledCells">Distinct pool cells that appear in at least one of the mouse's sessions.</param>
    /// <param name="Dates">The mouse's session dates (yyyy-MM-dd), in order.</param>
    public sealed record MouseSummary(string Name, double RunningFactor, int FirstUniqueId, int PoolSize,
        IReadOnlyDictionary<string, int> PoolByType, int UniqueLabelledCells, IReadOnlyList<string> Dates);

    /// <summary>One session: its size, composition and time in each state.</summary>
    /// <param name="Mouse">Mouse name.</param>
    /// <param name="Date">Session date (yyyy-MM-dd).</param>
    /// <param name="Neurons">Neurons (activity columns) in the session.</param>
    /// <param name="Frames">Imaging frames in the session.</param>
    /// <param name="Excitatory">Excitatory cells (EC).</param>
    /// <param name="LabelledInterneurons">Labelled interneurons drawn from the mouse's pool.</param>
    /// <param name="UnlabelledInterneurons">Fresh, unlabelled interneurons (t-type <c>IN</c>).</param>
    /// <param name="StateFractions">Fractions of the session's frames in states 0, 1 and 2, rounded to 4 digits.</param>
    public sealed record SessionSummary(string Mouse, string Date, int Neurons, int Frames, int Excitatory,
        int LabelledInterneurons, int UnlabelledInterneurons, IReadOnlyList<double> StateFractions);

    /// <summary>Counts and behaviour statistics of a generated dataset, over all sessions, per mouse and per session.</summary>
    public static SynthBugeonSummary Of(SynthBugeonDataset data)
    {
        var sessions = data.Sessions;
        var labelled = sessions.SelectMany(s => s.Neurons.Where(n => n.IsLabelled)).ToArray();
        var unique = labelled.DistinctBy(n => n.UniqueId).ToArray();
        var perMouse = data.Mice.Select(mouse => new MouseSummary(
            mouse.Name, mouse.RunningFactor, LabelledPool.FirstUniqueId(mouse.Index), mouse.Pool.Cells.Count,
            CountByType(mouse.Pool.Cells),
            sessions.Where(s => s.Mouse.Index == mouse.Index).SelectMany(s => s.Neurons).Where(n => n.IsLabelled).DistinctBy(n => n.UniqueId).Count(),
            [.. sessions.Where(s => s.Mouse.Index == mouse.Index).Select(s => s.Date)])).ToArray();
        var perSession = sessions.Select(s => new SessionSummary(
            s.Mouse.Name, s.Date, s.NeuronCount, s.Frames,
            s.Neurons.Count(n => !n.Type.IsInterneuron()), s.Neurons.Count(n => n.IsLabelled),
            s.Neurons.Count(n => n.Type.IsInterneuron() && !n.IsLabelled), FractionsOfStates([s]))).ToArray();
        var fractions = FractionsOfStates(sessions);
        return new SynthBugeonSummary(
            data.Mice.Count, sessions.Count, sessions.Sum(s => s.NeuronCount), data.Options.Frames,
            labelled.Length, unique.Length, CountByType(unique), fractions[SessionBehavior.RunningState], fractions,
            StateModulation.ByType(data).ToDictionary(m => m.Group, m => Math.Round(m.Modulation, 4)),
            perMouse, perSession);
    }

    /// <summary>Fractions of frames in states 0, 1, 2, rounded to 4 digits.</summary>
    private static double[] FractionsOfStates(IEnumerable<SynthBugeonSession> sessions)
    {
        var counts = new long[3];
        long frames = 0;
        foreach (var session in sessions)
        {
            foreach (int state in session.Behavior.States) counts[state]++;
            frames += session.Frames;
        }
        return [.. counts.Select(c => Math.Round((double)c / frames, 4))];
    }

    /// <summary>Counts per type name in type order (SortedDictionary would sort by name instead).</summary>
    private static Dictionary<string, int> CountByType(IEnumerable<SynthNeuron> neurons)
    {
        var byType = neurons.GroupBy(n => n.Type).ToDictionary(g => g.Key, g => g.Count());
        return Enum.GetValues<SynthCellType>().Where(byType.ContainsKey).ToDictionary(t => t.Name(), t => byType[t]);
    }
}
