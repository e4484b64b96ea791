using Blend.Data;

namespace Blend.Evaluation;

/// <summary>
/// NLB metrics on the validation trials carved from the training trials, for choices that must never look at the scored
/// eval split (Distill-Best's strategy, the smoothing kernel): co-bps of the validation trials' held-out spikes and vel R²
/// of a ridge decoder fitted on the other training trials' rates (nlb_tools' grid search) and scored on the validation
/// trials. Both come from the training-trial rates a submission already holds (every training trial is predicted, the
/// validation trials from their held-in spikes only), so choosing costs no extra inference.
/// </summary>
public static class ValidationScores
{
    /// <param name="trainRatesHeldin">Rates of every training trial (trials × bins × held-in).</param>
    /// <param name="trainRatesHeldout">Rates of every training trial (trials × bins × held-out).</param>
    /// <param name="spikesHeldout">The training trials' held-out counts.</param>
    /// <param name="behavior">The training trials' behavior (trials × bins × channels), or null: no vel R².</param>
    /// <param name="validationTrials">Indices of the validation trials; the rest fit the decoder.</param>
    public static Dictionary<string, double> Compute(Array3 trainRatesHeldin, Array3 trainRatesHeldout, Array3 spikesHeldout,
        Array3? behavior, IReadOnlyCollection<int> validationTrials)
    {
        int trials = trainRatesHeldin.Trials;
        if (trainRatesHeldout.Trials != trials || spikesHeldout.Trials != trials || !trainRatesHeldout.SameShape(spikesHeldout))
            throw new MetricInputException(
                $"validation scores: held-in rates {trainRatesHeldin.ShapeText}, held-out rates {trainRatesHeldout.ShapeText} and held-out spikes {spikesHeldout.ShapeText} must cover the same training trials");
        if (validationTrials.Count == 0 || validationTrials.Count == trials)
            throw new MetricInputException($"validation scores: need some but not all of the {trials} training trials as validation trials, got {validationTrials.Count}");
        var isValidation = new bool[trials];
        foreach (int t in validationTrials)
        {
            if (t < 0 || t >= trials) throw new MetricInputException($"validation scores: validation trial {t} is outside 0..{trials - 1}");
            isValidation[t] = true;
        }
        var isFit = isValidation.Select(v => !v).ToArray();

        var scores = new Dictionary<string, double>
        {
            [NlbMetricNames.CoBps] = PoissonLikelihood.BitsPerSpike(trainRatesHeldout.SelectTrials(isValidation), spikesHeldout.SelectTrials(isValidation)),
        };
        if (behavior is not null)
        {
            if (behavior.Trials != trials || behavior.Time != trainRatesHeldin.Time)
                throw new MetricInputException($"validation scores: behavior {behavior.ShapeText} does not match the rates {trainRatesHeldin.ShapeText}");
            var rates = Array3.ConcatChannels(trainRatesHeldin, trainRatesHeldout);
            scores[NlbMetricNames.VelR2] = VelocityDecoding.Evaluate(
                rates.SelectTrials(isFit), behavior.SelectTrials(isFit), null,
                rates.SelectTrials(isValidation), behavior.SelectTrials(isValidation), null);
        }
        return scores;
    }
}
