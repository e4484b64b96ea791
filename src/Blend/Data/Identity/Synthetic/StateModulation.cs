namespace Blend.Data.Identity.Synthetic;

/// <summary>
/// Bugeon's run-vs-sync state modulation of a neuron's mean fluorescence, (F̄_running − F̄_sync) / (F̄_running + F̄_sync):
/// the quantity whose sign ordering across subclasses (Pvalb &lt; Sst, Lamp5 &lt; Vip &lt; Sncg) the recipe reproduces.
/// </summary>
public static class StateModulation
{
    /// <summary>Per column of the session; NaN when the session has no running or no synchronised frame.</summary>
    public static double[] PerNeuron(SynthBugeonSession session)
    {
        int frames = session.Frames, count = session.NeuronCount;
        var running = new double[count];
        var sync = new double[count];
        int runningFrames = 0, syncFrames = 0;
        for (int t = 0; t < frames; t++)
        {
            int state = session.Behavior.States[t];
            if (state == SessionBehavior.DesynchronizedState) continue;
            var sums = state == SessionBehavior.RunningState ? running : sync;
            if (state == SessionBehavior.RunningState) runningFrames++;
            else syncFrames++;
            var row = session.Activity.AsSpan(t * count, count);
            for (int i = 0; i < count; i++) sums[i] += row[i];
        }
        var modulation = new double[count];
        for (int i = 0; i < count; i++)
        {
            double r = running[i] / runningFrames, s = sync[i] / syncFrames;
            modulation[i] = runningFrames > 0 && syncFrames > 0 ? (r - s) / (r + s) : double.NaN;
        }
        return modulation;
    }

    /// <summary>
    /// Mean modulation per group over all cell-sessions: <c>EC</c>, and each labelled type (the five subclasses and
    /// Serpinf1) as the files label them; unlabelled IN are left out, as they have no label to group by.
    /// </summary>
    public static IReadOnlyList<(string Group, double Modulation, int CellSessions)> ByType(SynthBugeonDataset data)
    {
        var sums = new Dictionary<SynthCellType, (double Sum, int Count)>();
        foreach (var session in data.Sessions)
        {
            var modulation = PerNeuron(session);
            for (int i = 0; i < modulation.Length; i++)
            {
                var neuron = session.Neurons[i];
                if ((neuron.Type.IsInterneuron() && !neuron.IsLabelled) || double.IsNaN(modulation[i])) continue;
                var (sum, count) = sums.GetValueOrDefault(neuron.Type);
                sums[neuron.Type] = (sum + modulation[i], count + 1);
            }
        }
        return [.. Enum.GetValues<SynthCellType>().Where(sums.ContainsKey)
            .Select(type => (type.Name(), sums[type].Sum / sums[type].Count, sums[type].Count))];
    }
}
