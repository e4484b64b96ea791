using Blend.Data;
using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Training;

/// <summary>
/// Firing rates from a trained model as the reference produces them (§5.1): eval mode, no masking, held-in counts of the
/// main bins as input with zeros for held-out neurons and forward bins, rates = exp(log-rates) in counts per bin.
/// </summary>
public static class RatePrediction
{
    /// <summary>Rates for the given trials of <paramref name="spikes"/> (B × (T + F) × N; only held-in main bins are read), as B × (T + F) × N.</summary>
    public static Array3 Predict(NeuralDynamicsModel model, TrialLayout layout, Tensor spikes, Tensor? behavior, int batchSize)
    {
        if (model.BehaviorDims > 0 && behavior is null)
            throw new ArgumentException("the model takes behavior input, and these trials have none", nameof(behavior));
        int trials = (int)spikes.shape[0], bins = layout.Bins, neurons = layout.Neurons;
        var rates = new Array3(trials, bins, neurons);
        var masker = new Masker(new MaskingOptions(), layout);
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            for (int start = 0; start < trials; start += batchSize)
            {
                using var scope = NewDisposeScope();
                int count = Math.Min(batchSize, trials - start);
                var input = masker.UnmaskedInput(spikes.narrow(0, start, count));
                var output = model.Forward(input, model.BehaviorDims > 0 ? behavior!.narrow(0, start, count) : null);
                var values = output.LogRates.exp().to_type(ScalarType.Float64).contiguous().data<double>();
                values.CopyTo(rates.Values.AsSpan(start * bins * neurons, count * bins * neurons));
            }
        }
        finally
        {
            model.train(wasTraining);
        }
        return rates;
    }

    /// <summary>
    /// The NLB submission group for a dataset: train rates of every training trial (in file order), eval rates, and
    /// eval forward rates when the data has forward bins.
    /// </summary>
    public static NlbDatasetRates Submission(NeuralDynamicsModel model, TrainingData data, int batchSize = 64)
    {
        var layout = data.Layout;
        var train = Predict(model, layout, data.TrainSpikes, data.TrainBehavior, batchSize);
        var eval = Predict(model, layout, data.EvalSpikes, data.EvalBehavior, batchSize);
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
