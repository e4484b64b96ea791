namespace Blend.Evaluation;

/// <summary>The metric keys nlb_tools.evaluate reports.</summary>
public static class NlbMetricNames
{
    /// <summary>Co-smoothing bits per spike: Poisson log-likelihood of the held-out neurons' eval spikes under the predicted rates, relative to each neuron's mean rate, in bits per spike (Pei et al. 2021).</summary>
    public const string CoBps = "co-bps";
    /// <summary>R² of hand velocity decoded from the predicted rates by ridge regression fitted on the train split (MC_Maze, MC_RTT, Area2_Bump).</summary>
    public const string VelR2 = "vel R2";
    /// <summary>DMFC_RSG's Pearson correlation between the rate trajectory's speed during set–go and the produced interval tp, averaged over conditions.</summary>
    public const string TpCorr = "tp corr";
    /// <summary>R² of the condition-averaged predicted eval rates (PSTHs) against the target's PSTHs, averaged over neurons.</summary>
    public const string PsthR2 = "psth R2";
    /// <summary>Forward-prediction bits per spike: as <see cref="CoBps"/>, for every neuron (held-in and held-out) in the bins just after each eval trial's window.</summary>
    public const string FpBps = "fp-bps";

    /// <summary>nlb_tools' metrics in its order, as tables list them.</summary>
    public static IReadOnlyList<string> Order { get; } = [CoBps, VelR2, TpCorr, PsthR2, FpBps];

    /// <summary><paramref name="present"/> (distinct) in table order: nlb_tools' metrics in its order, then any others by name (ordinal).</summary>
    public static List<string> InTableOrder(IEnumerable<string> present)
    {
        var names = present.ToHashSet();
        return [.. Order.Where(names.Contains), .. names.Except(Order).Order(StringComparer.Ordinal)];
    }
}
