using Blend.Data;
using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Training;

/// <summary>
/// A trained model's latents (<see cref="NeuralDynamicsModel.PredictLatents"/>) for every trial, in eval mode on the
/// unmasked input the rates come from (<see cref="RatePrediction"/>): one trials × (T + F) × width array per latent.
/// </summary>
public static class LatentPrediction
{
    /// <summary>Latents for the trials of <paramref name="spikes"/> (B × (T + F) × N; only held-in main bins are read), in the model's order.</summary>
    public static IReadOnlyList<(string Name, Array3 Values)> Predict(NeuralDynamicsModel model, TrialLayout layout, Tensor spikes,
        Tensor? behavior, int batchSize)
    {
        int trials = (int)spikes.shape[0];
        var masker = new Masker(new MaskingOptions(), layout);
        var result = new List<(string Name, Array3 Values)>();
        InferenceBatches.ForEach(model, spikes, behavior, batchSize, (start, count, batchSpikes, batchBehavior) =>
        {
            var latents = model.PredictLatents(masker.UnmaskedInput(batchSpikes), batchBehavior);
            for (int k = 0; k < latents.Count; k++)
            {
                var value = latents[k].Value;
                int bins = (int)value.shape[1], width = (int)value.shape[2];
                if (start == 0) result.Add((latents[k].Name, new Array3(trials, bins, width)));
                value.to_type(ScalarType.Float64).contiguous().data<double>()
                    .CopyTo(result[k].Values.Values.AsSpan(start * bins * width, count * bins * width));
            }
        });
        return result;
    }
}
