namespace Blend.Data.Synthetic;

/// <summary>
/// A synthetic dataset as the NLB file set: train input, eval input (held-in spikes only: the held-out ones are the
/// answer), eval target with PSTHs (condition means of the true rates over train and eval trials) and condition
/// indices, and the true rates as a submission, whose score is the ceiling any model can reach.
/// </summary>
public sealed record SyntheticNlbFiles(NlbTrainInput TrainInput, NlbEvalInput EvalInput, NlbEvalTarget EvalTarget, NlbSubmission TrueRates)
{
    /// <summary>
    /// Splits <paramref name="data"/> into NLB tensors: the main window and forward bins, held-in and held-out neurons,
    /// behaviour, PSTHs of the true rates per condition, and the true rates as a submission.
    /// </summary>
    public static SyntheticNlbFiles From(SyntheticDataset data)
    {
        var o = data.Options;
        int main = o.MainBins, forward = o.ForwardBins, heldin = o.HeldinNeurons, heldout = o.HeldoutNeurons;
        Array3 Main(Array3 a, int start, int count) => a.Slice(0, main, start, count);
        Array3? Forward(Array3 a, int start, int count) => forward == 0 ? null : a.Slice(main, forward, start, count);
        var train = data.Train;
        var eval = data.Eval;

        var trainInput = new NlbTrainInput
        {
            SpikesHeldin = Main(train.Spikes, 0, heldin),
            SpikesHeldout = Main(train.Spikes, heldin, heldout),
            Behavior = Main(train.Behavior, 0, ReachLatent.Dimensions),
            SpikesHeldinForward = Forward(train.Spikes, 0, heldin),
            SpikesHeldoutForward = Forward(train.Spikes, heldin, heldout),
            BehaviorForward = Forward(train.Behavior, 0, ReachLatent.Dimensions),
        };
        var evalInput = new NlbEvalInput { SpikesHeldin = Main(eval.Spikes, 0, heldin) };
        var target = new NlbDatasetTarget
        {
            EvalSpikesHeldout = Main(eval.Spikes, heldin, heldout),
            TrainBehavior = trainInput.Behavior,
            EvalBehavior = Main(eval.Behavior, 0, ReachLatent.Dimensions),
            EvalSpikesHeldinForward = Forward(eval.Spikes, 0, heldin),
            EvalSpikesHeldoutForward = Forward(eval.Spikes, heldin, heldout),
            Psth = ConditionMeans(data, main),
            TrainCondIdx = TrialsByCondition(train.Conditions, o.Conditions),
            EvalCondIdx = TrialsByCondition(eval.Conditions, o.Conditions),
        };
        var trueRates = new NlbDatasetRates
        {
            TrainRatesHeldin = Main(train.Rates, 0, heldin),
            TrainRatesHeldout = Main(train.Rates, heldin, heldout),
            EvalRatesHeldin = Main(eval.Rates, 0, heldin),
            EvalRatesHeldout = Main(eval.Rates, heldin, heldout),
            EvalRatesHeldinForward = Forward(eval.Rates, 0, heldin),
            EvalRatesHeldoutForward = Forward(eval.Rates, heldin, heldout),
        };
        return new SyntheticNlbFiles(trainInput, evalInput, new NlbEvalTarget(o.DatasetName, target),
            new NlbSubmission(o.DatasetName, trueRates));
    }

    /// <summary>conditions × main bins × neurons: the mean true rate over all trials (train and eval) of each condition.</summary>
    private static Array3 ConditionMeans(SyntheticDataset data, int main)
    {
        int conditions = data.Options.Conditions, neurons = data.Options.Neurons;
        var psth = new Array3(conditions, main, neurons);
        var counts = new int[conditions];
        foreach (var split in new[] { data.Train, data.Eval })
            for (int trial = 0; trial < split.Conditions.Length; trial++)
            {
                int c = split.Conditions[trial];
                counts[c]++;
                for (int t = 0; t < main; t++)
                {
                    var source = split.Rates.Bin(trial, t);
                    var target = psth.Bin(c, t);
                    for (int n = 0; n < neurons; n++) target[n] += source[n];
                }
            }
        for (int c = 0; c < conditions; c++)
            foreach (ref double value in psth.Trial(c)) value /= counts[c];
        return psth;
    }

    private static int[][] TrialsByCondition(int[] conditions, int count) =>
        Enumerable.Range(0, count).Select(c => Enumerable.Range(0, conditions.Length).Where(t => conditions[t] == c).ToArray()).ToArray();
}
