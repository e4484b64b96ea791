using Blend.Data;
using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Training;

/// <summary>
/// Firing rates from a trained model as the BLEND authors' code produces them: eval mode, no masking, held-in counts of the
/// main bins as input with zeros for held-out neurons and forward bins, rates = exp(log-rates) in counts per bin
/// (log-rates from <see cref="NeuralDynamicsModel.PredictLogRates"/>: LFADS may average posterior samples).
/// </summary>
public static class RatePrediction
{
    /// <summary>Rates for the given trials of <paramref name="spikes"/> (B × (T + F) × N; only held-in main bins are read), as B × (T + F) × N.</summary>
    public static Array3 Predict(NeuralDynamicsModel model, TrialLayout layout, Tensor spikes, Tensor? behavior, int batchSize,
        int maskedPasses = 1)
    {
        if (maskedPasses < 1) throw new ArgumentOutOfRangeException(nameof(maskedPasses), $"need ≥ 1 pass, got {maskedPasses}");
        if (maskedPasses > 1 && !model.UsesMaskedInput)
            throw new BlendInputException($"inference_passes = {maskedPasses}: masked-pass inference needs a masked-modeling model; {model.GetType().Name} is not one");
        int trials = (int)spikes.shape[0], bins = layout.Bins, neurons = layout.Neurons;
        var rates = new Array3(trials, bins, neurons);
        var masker = new Masker(new MaskingOptions(), layout);
        InferenceBatches.ForEach(model, spikes, behavior, batchSize, (start, count, batchSpikes, batchBehavior) =>
        {
            var logRates = maskedPasses == 1
                ? model.PredictLogRates(masker.UnmaskedInput(batchSpikes), batchBehavior)
                : MaskedPassesLogRates(model, masker, layout, batchSpikes, batchBehavior, maskedPasses);
            logRates.exp().to_type(ScalarType.Float64).contiguous().data<double>()
                .CopyTo(rates.Values.AsSpan(start * bins * neurons, count * bins * neurons));
        });
        return rates;
    }

    /// <summary>
    /// Inference that matches training: K passes, pass k zeroing the held-in input at main bins t ≡ k (mod K) — the
    /// masking ratio 1/K the model was trained with. A held-in bin's log-rate comes from the pass in which it was
    /// hidden (the only kind of position the masked loss ever scored); held-out neurons and forward bins, which are
    /// always hidden, are averaged over the K passes.
    /// </summary>
    private static Tensor MaskedPassesLogRates(NeuralDynamicsModel model, Masker masker, TrialLayout layout, Tensor spikes,
        Tensor? behavior, int passes)
    {
        var unmasked = masker.UnmaskedInput(spikes);
        var bins = arange(layout.Bins, device: spikes.device);
        var isMain = bins.lt(layout.MainBins);
        Tensor? sum = null, heldin = null;
        for (int pass = 0; pass < passes; pass++)
        {
            var hidden = bins.remainder(passes).eq(pass).logical_and(isMain); // (T + F)
            var input = unmasked.clone();
            input[.., .., TensorIndex.Slice(0, layout.HeldinNeurons)] =
                input[.., .., TensorIndex.Slice(0, layout.HeldinNeurons)].masked_fill(hidden.unsqueeze(-1), 0);
            var logRates = model.Forward(input, behavior).LogRates;
            sum = sum is null ? logRates : sum + logRates;
            var fromThisPass = logRates[.., .., TensorIndex.Slice(0, layout.HeldinNeurons)] * hidden.unsqueeze(-1).to_type(logRates.dtype);
            heldin = heldin is null ? fromThisPass : heldin + fromThisPass;
        }
        var result = sum! / passes;
        // Held-in main bins: the hidden-pass value; held-in forward bins keep the average.
        var heldinResult = where(isMain.unsqueeze(-1), heldin!, result[.., .., TensorIndex.Slice(0, layout.HeldinNeurons)]);
        return cat([heldinResult, result[.., .., TensorIndex.Slice(layout.HeldinNeurons, null)]], -1);
    }

    /// <summary>
    /// The NLB submission group for a dataset: train rates of every training trial (in file order), eval rates, and
    /// eval forward rates when the data has forward bins.
    /// </summary>
    public static NlbDatasetRates Submission(NeuralDynamicsModel model, TrainingData data, int batchSize = 64, int maskedPasses = 1)
    {
        var layout = data.Layout;
        var train = Predict(model, layout, data.TrainSpikes, data.TrainBehavior, batchSize, maskedPasses);
        var eval = Predict(model, layout, data.EvalSpikes, data.EvalBehavior, batchSize, maskedPasses);
        int main = layout.MainBins, forward = layout.ForwardBins, heldin = layout.HeldinNeurons, heldout = layout.HeldoutNeurons;
        return new NlbDatasetRates
        {
            TrainRatesHeldin = train.Slice(0, main, 0, heldin),
            TrainRatesHeldout = train.Slice(0, main, heldin, heldout),
            EvalRatesHeldin = eval.Slice(0, main, 0, heldin),
            EvalRatesHeldout = eval.Slice(0, main, heldin, heldout),
            EvalRatesHeldinForward = forward > 0 ? eval.Slice(main, forward, 0, heldin) : null,
            EvalRatesHeldoutForward = forward > 0 ? eval.Slice(main, forward, heldin, heldout) : null,
        };
    }
}
