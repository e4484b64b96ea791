using Blend.Data;

namespace Blend.Evaluation;

/// <summary>
/// Scores a submission against an eval target the way nlb_tools.evaluate (the code EvalAI runs) does: every
/// dataset present in both files, in nlb_tools' order, with MC_Maze's scaling subsets gathered into
/// <c>mc_maze_scaling_split</c> / <c>mc_maze_scaling_20_split</c>. Groups that are not NLB datasets (e.g. a
/// synthetic or imported dataset) are scored with the same metrics after the NLB ones, as <c>&lt;name&gt;_split</c>.
/// </summary>
public static class NlbEvaluator
{
    private static readonly (string Dataset, string Prefix)[] ScalingSubsets =
        [("mc_maze_large", "[500]"), ("mc_maze_medium", "[250]"), ("mc_maze_small", "[100]")];

    private static readonly int[] NlbBinWidths = [5, 20];

    /// <summary>A metric's name without the training-trial prefix this evaluator gives MC_Maze's scaling subsets ("[100] co-bps" → "co-bps").</summary>
    public static string PlainMetricName(string key)
    {
        foreach (var (_, prefix) in ScalingSubsets)
            if (key.StartsWith(prefix + " ", StringComparison.Ordinal)) return key[(prefix.Length + 1)..];
        return key;
    }

    /// <param name="target">The eval target (nlb_tools' <c>eval_target.h5</c>): held-out spikes, behavior, PSTHs per dataset group.</param>
    /// <param name="submission">The submitted rates per dataset group (nlb_tools' submission layout).</param>
    /// <param name="targetFile">Used in messages only.</param>
    /// <param name="submissionFile">Used in messages only.</param>
    /// <param name="warn">Receives what nlb_tools would log as a warning (e.g. a submitted dataset with no target).</param>
    public static IReadOnlyList<DatasetScores> Evaluate(
        NlbEvalTarget target, NlbSubmission submission,
        string targetFile = "eval target", string submissionFile = "submission", Action<string>? warn = null)
    {
        var results = new List<DatasetScores>();
        var scaling = new Dictionary<int, List<KeyValuePair<string, double>>>();
        var scored = new HashSet<string>(StringComparer.Ordinal);

        foreach (string dataset in NlbDatasetNames.Known)
        {
            foreach (int bin in NlbBinWidths)
            {
                string group = NlbDatasetNames.GroupName(dataset, bin);
                if (!submission.Datasets.TryGetValue(group, out var rates)) continue;
                scored.Add(group);
                if (!target.Datasets.TryGetValue(group, out var truth))
                {
                    warn?.Invoke($"Evaluation data for {group} not found in {targetFile}; skipped");
                    continue;
                }
                var metrics = ScoreDataset(group, dataset, truth, rates, targetFile, submissionFile, warn);
                int subset = Array.FindIndex(ScalingSubsets, s => s.Dataset == dataset);
                if (subset >= 0)
                {
                    if (!scaling.TryGetValue(bin, out var list)) scaling[bin] = list = [];
                    list.AddRange(metrics.Select(m => KeyValuePair.Create($"{ScalingSubsets[subset].Prefix} {m.Key}", m.Value)));
                }
                else results.Add(new DatasetScores($"{group}_split", metrics));
            }
        }
        foreach (int bin in NlbBinWidths)
            if (scaling.TryGetValue(bin, out var list))
                results.Add(new DatasetScores(bin == 5 ? "mc_maze_scaling_split" : $"mc_maze_scaling_{bin}_split", list));

        // Project-specific datasets (and NLB names at other bin widths), which nlb_tools would skip.
        foreach (string group in submission.Datasets.Keys.Where(g => !scored.Contains(g)).Order(StringComparer.Ordinal))
        {
            if (!target.Datasets.TryGetValue(group, out var truth))
            {
                warn?.Invoke($"Evaluation data for {group} not found in {targetFile}; skipped");
                continue;
            }
            string dataset = NlbDatasetNames.TryParse(group, out string baseName, out _) ? baseName : group;
            results.Add(new DatasetScores($"{group}_split",
                ScoreDataset(group, dataset, truth, submission.Datasets[group], targetFile, submissionFile, warn)));
        }
        foreach (string group in target.Datasets.Keys.Where(g => !submission.Datasets.ContainsKey(g)).Order(StringComparer.Ordinal))
            warn?.Invoke($"{group} is in {targetFile} but not in {submissionFile}; skipped");
        return results;
    }

    private static List<KeyValuePair<string, double>> ScoreDataset(
        string group, string dataset, NlbDatasetTarget truth, NlbDatasetRates rates,
        string targetFile, string submissionFile, Action<string>? warn)
    {
        var check = new PairCheck(group, targetFile, submissionFile);
        var metrics = new List<KeyValuePair<string, double>>();

        check.SameShape("eval_rates_heldout", rates.EvalRatesHeldout, "eval_spikes_heldout", truth.EvalSpikesHeldout);
        metrics.Add(new(NlbMetricNames.CoBps,
            check.Metric(NlbMetricNames.CoBps, () => PoissonLikelihood.BitsPerSpike(rates.EvalRatesHeldout, truth.EvalSpikesHeldout))));

        var evalRates = Array3.ConcatChannels(rates.EvalRatesHeldin, rates.EvalRatesHeldout);
        if (dataset == NlbDatasetNames.DmfcRsg)
        {
            if (truth.EvalBehavior is null || !truth.BehaviorIs2D)
                warn?.Invoke($"{targetFile}: /{group}/eval_behavior (trials × conditions, tp) is missing; tp corr skipped");
            else
            {
                var behavior = new RowMatrix(truth.EvalBehavior.Trials, truth.EvalBehavior.Channels, truth.EvalBehavior.Values);
                metrics.Add(new(NlbMetricNames.TpCorr, check.Metric(NlbMetricNames.TpCorr,
                    () => SpeedTpCorrelation.Evaluate(truth.EvalSpikesHeldout, evalRates, behavior))));
            }
        }
        else if (truth.TrainBehavior is null || truth.EvalBehavior is null || truth.BehaviorIs2D)
        {
            warn?.Invoke($"{targetFile}: /{group} has no trials × time × channels train_behavior and eval_behavior; vel R2 skipped");
        }
        else
        {
            var trainRates = Array3.ConcatChannels(rates.TrainRatesHeldin, rates.TrainRatesHeldout);
            check.SameTrialsAndTime("train_rates_heldin", rates.TrainRatesHeldin, "train_behavior", truth.TrainBehavior);
            check.SameTrialsAndTime("eval_rates_heldin", rates.EvalRatesHeldin, "eval_behavior", truth.EvalBehavior);
            metrics.Add(new(NlbMetricNames.VelR2, check.Metric(NlbMetricNames.VelR2, () => VelocityDecoding.Evaluate(
                trainRates, truth.TrainBehavior, truth.TrainDecodeMask, evalRates, truth.EvalBehavior, truth.EvalDecodeMask))));
        }

        if (truth.Psth is not null)
        {
            if (truth.EvalCondIdx is null)
                warn?.Invoke($"{targetFile}: /{group}/psth has no eval_cond_idx beside it; psth R2 skipped");
            else
            {
                if (truth.Psth.Time != evalRates.Time || truth.Psth.Channels != evalRates.Channels)
                    throw check.Mismatch("eval_rates_heldin + eval_rates_heldout", evalRates, "psth", truth.Psth,
                        "must agree in time bins and neurons");
                metrics.Add(new(NlbMetricNames.PsthR2, check.Metric(NlbMetricNames.PsthR2,
                    () => PsthR2.EvalPsth(truth.Psth, evalRates, truth.EvalCondIdx, truth.EvalJitter))));
            }
        }

        if (rates.EvalRatesHeldinForward is not null && rates.EvalRatesHeldoutForward is not null
            && truth.EvalSpikesHeldinForward is not null && truth.EvalSpikesHeldoutForward is not null)
        {
            check.SameShape("eval_rates_heldin_forward", rates.EvalRatesHeldinForward, "eval_spikes_heldin_forward", truth.EvalSpikesHeldinForward);
            check.SameShape("eval_rates_heldout_forward", rates.EvalRatesHeldoutForward, "eval_spikes_heldout_forward", truth.EvalSpikesHeldoutForward);
            var spikesForward = Array3.ConcatChannels(truth.EvalSpikesHeldinForward, truth.EvalSpikesHeldoutForward);
            var ratesForward = Array3.ConcatChannels(rates.EvalRatesHeldinForward, rates.EvalRatesHeldoutForward);
            metrics.Add(new(NlbMetricNames.FpBps,
                check.Metric(NlbMetricNames.FpBps, () => PoissonLikelihood.BitsPerSpike(ratesForward, spikesForward))));
        }
        return metrics;
    }

    /// <summary>Shape checks and metric failures phrased with both files and HDF5 paths.</summary>
    private sealed class PairCheck(string group, string targetFile, string submissionFile)
    {
        public void SameShape(string rateKey, Array3 rates, string truthKey, Array3 truth)
        {
            if (!rates.SameShape(truth)) throw Mismatch(rateKey, rates, truthKey, truth, "must have the same shape");
        }

        public void SameTrialsAndTime(string rateKey, Array3 rates, string truthKey, Array3 truth)
        {
            if (rates.Trials != truth.Trials || rates.Time != truth.Time)
                throw Mismatch(rateKey, rates, truthKey, truth, "must agree in trials and time bins");
        }

        public BlendInputException Mismatch(string rateKey, Array3 rates, string truthKey, Array3 truth, string rule) =>
            new($"{submissionFile}: /{group}/{rateKey} has shape {rates.ShapeText} but {targetFile}: /{group}/{truthKey} has shape {truth.ShapeText}; they {rule}");

        public double Metric(string metric, Func<double> compute)
        {
            try { return compute(); }
            catch (MetricInputException error)
            {
                throw new BlendInputException($"{submissionFile} vs {targetFile}: /{group}: {metric}: {error.Message}", error);
            }
        }
    }
}
