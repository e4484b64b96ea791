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
    public sealed record MouseSummary(string Name, double RunningFactor, int FirstUniqueId, int PoolSize,
        IReadOnlyDictionary<string, int> PoolByType, int UniqueLabelledCells, IReadOnlyList<string> Dates);

    public sealed record SessionSummary(string Mouse, string Date, int Neurons, int Frames, int Excitatory,
        int LabelledInterneurons, int UnlabelledInterneurons, IReadOnlyList<double> StateFractions);

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
