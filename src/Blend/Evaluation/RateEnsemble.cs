using Blend.Data;

namespace Blend.Evaluation;

/// <summary>One candidate of an ensemble: a trained model's submitted rates.</summary>
public sealed record EnsembleMember(string Name, NlbDatasetRates Rates);

/// <summary>
/// The validation data that ranks ensemble members: which of a submission's held-out rates to read (the validation
/// trials' rows of the train rates, or the eval rates under the reference protocol) and the held-out spikes they predict.
/// </summary>
public sealed record EnsembleValidation(Func<NlbDatasetRates, Array3> HeldoutRates, Array3 HeldoutSpikes);

/// <summary>What <see cref="RateEnsemble.Select"/> chose.</summary>
/// <param name="Ranked">Every member with its own validation co-bps, best first.</param>
/// <param name="CoBpsBySize">Validation co-bps of the mean rates of the top k members, for k = 1 … max size.</param>
/// <param name="Size">The chosen k (the best validation co-bps; the smaller k on a tie).</param>
/// <param name="Rates">The mean rates of the top <see cref="Size"/> members, every array of the submission.</param>
public sealed record EnsembleResult(IReadOnlyList<(string Name, double CoBps)> Ranked, IReadOnlyList<double> CoBpsBySize, int Size, NlbDatasetRates Rates);

/// <summary>
/// STNDT's ensembling (Le &amp; Shlizerman 2022, STNDT) for any models' submissions: rank the candidates by
/// co-bps on validation data, average the <b>rates</b> (not log-rates) of the top k for k = 1 … max size, and keep the
/// k with the best validation co-bps. Ranking and choosing never read the eval split's held-out spikes (under the
/// clean protocol), so the ensemble's eval scores stay held-out.
/// </summary>
public static class RateEnsemble
{
    /// <summary>
    /// Ranks <paramref name="members"/> by their own co-bps on <paramref name="validation"/>, scores the mean rates of the
    /// top k for k = 1 … <paramref name="maxSize"/> (at most the member count) and keeps the best k.
    /// </summary>
    public static EnsembleResult Select(IReadOnlyList<EnsembleMember> members, EnsembleValidation validation, int maxSize)
    {
        if (members.Count == 0) throw new ArgumentException("an ensemble needs at least one member", nameof(members));
        if (maxSize < 1) throw new ArgumentOutOfRangeException(nameof(maxSize), $"ensemble size must be at least 1, got {maxSize}");
        var names = members.Select(m => m.Name).ToArray();
        var ranked = members
            .Select(m => (Member: m, Validation: validation.HeldoutRates(m.Rates)))
            .Select(m => (m.Member, m.Validation, CoBps: PoissonLikelihood.BitsPerSpike(m.Validation, validation.HeldoutSpikes)))
            .OrderByDescending(r => r.CoBps)
            .ThenBy(r => Array.IndexOf(names, r.Member.Name)) // stable for equal scores
            .ToArray();
        int largest = Math.Min(maxSize, members.Count);
        var bySize = new double[largest];
        int best = 1;
        for (int k = 1; k <= largest; k++)
        {
            var mean = Mean(ranked.Take(k).Select(r => r.Validation).ToArray());
            bySize[k - 1] = PoissonLikelihood.BitsPerSpike(mean, validation.HeldoutSpikes);
            if (bySize[k - 1] > bySize[best - 1]) best = k;
        }
        var chosen = ranked.Take(best).Select(r => r.Member.Rates).ToArray();
        return new EnsembleResult([.. ranked.Select(r => (r.Member.Name, r.CoBps))], bySize, best, Average(chosen));
    }

    /// <summary>The element-wise mean of every rate array of the submissions (forward rates only when all have them).</summary>
    public static NlbDatasetRates Average(IReadOnlyList<NlbDatasetRates> rates)
    {
        if (rates.Count == 0) throw new ArgumentException("nothing to average", nameof(rates));
        Array3? Optional(Func<NlbDatasetRates, Array3?> field) =>
            rates.All(r => field(r) is not null) ? Mean(rates.Select(r => field(r)!).ToArray()) : null;
        return new NlbDatasetRates
        {
            TrainRatesHeldin = Mean(rates.Select(r => r.TrainRatesHeldin).ToArray()),
            TrainRatesHeldout = Mean(rates.Select(r => r.TrainRatesHeldout).ToArray()),
            EvalRatesHeldin = Mean(rates.Select(r => r.EvalRatesHeldin).ToArray()),
            EvalRatesHeldout = Mean(rates.Select(r => r.EvalRatesHeldout).ToArray()),
            EvalRatesHeldinForward = Optional(r => r.EvalRatesHeldinForward),
            EvalRatesHeldoutForward = Optional(r => r.EvalRatesHeldoutForward),
        };
    }

    private static Array3 Mean(IReadOnlyList<Array3> arrays)
    {
        var first = arrays[0];
        foreach (var a in arrays)
            if (!a.SameShape(first))
                throw new MetricInputException($"ensemble members' rates differ in shape: {first.ShapeText} and {a.ShapeText}");
        var mean = new Array3(first.Trials, first.Time, first.Channels);
        var sum = mean.Values;
        foreach (var a in arrays)
            for (int i = 0; i < sum.Length; i++) sum[i] += a.Values[i];
        for (int i = 0; i < sum.Length; i++) sum[i] /= arrays.Count;
        return mean;
    }

    /// <summary>The given trials (rows of the first axis) of <paramref name="array"/>, in that order.</summary>
    public static Array3 SelectTrials(Array3 array, IReadOnlyList<int> trials)
    {
        var selected = new Array3(trials.Count, array.Time, array.Channels);
        for (int i = 0; i < trials.Count; i++) array.Trial(trials[i]).CopyTo(selected.Trial(i));
        return selected;
    }
}
