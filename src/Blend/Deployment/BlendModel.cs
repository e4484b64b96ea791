using Blend.Data;

namespace Blend.Deployment;

/// <summary>
/// A trained neural-only model (a baseline or a distilled student) ready for new data — the object an application that
/// embeds Blend holds, in the spirit of CEBRA's fit/transform: <see cref="Load"/> a bundle, <see cref="Predict"/> trials
/// of held-in spike counts (or <see cref="PredictContinuous"/> a recording), <see cref="Save"/> it elsewhere. Predictions
/// are every neuron's rates (spikes per bin, main and forward bins), the model's latents and the bundle's decoded
/// behavior; the model never sees behavior.
/// </summary>
public sealed class BlendModel : IDisposable
{
    private readonly BundlePredictor _predictor;

    private BlendModel(ModelBundle bundle, int? batchSize) => _predictor = new BundlePredictor(bundle, batchSize);

    /// <summary>
    /// Loads the bundle in <paramref name="path"/> (a bundle folder, or a run folder holding one in <c>model/</c>); errors
    /// name the file that is missing or does not fit, and a teacher (which needs behavior) is refused.
    /// </summary>
    public static BlendModel Load(string path, int? batchSize = null) => new(ModelBundle.Read(path), batchSize);

    /// <summary>The bundle as written: its folder, manifest (layout, neurons, decoder) and config.</summary>
    public ModelBundle Bundle => _predictor.Bundle;

    /// <summary>The model's name in its experiment (<c>baseline</c>, <c>student-soft</c>, …).</summary>
    public string Name => Bundle.Manifest.Model;

    /// <summary>Held-in neurons the model reads, in the order <see cref="Predict"/> expects them (the bundle's column order).</summary>
    public int HeldinNeurons => Bundle.Manifest.HeldinCount;

    /// <summary>Bins per trial the model reads.</summary>
    public int Bins => Bundle.Manifest.MainBins;

    /// <summary>
    /// Predictions for trials of held-in counts (trials × <see cref="Bins"/> × <see cref="HeldinNeurons"/>): rates of every
    /// neuron over the main and forward bins, latents, and behavior from the bundle's decoder (null without one).
    /// </summary>
    public TrialPredictions Predict(Array3 heldinSpikes, CancellationToken cancellation = default) =>
        _predictor.PredictTrials(heldinSpikes, "spikes", cancellation: cancellation);

    /// <summary>
    /// Predictions for a continuous recording (rows × the recording's neurons, in the bin width the model was imported
    /// with), chopped into the model's windows and merged back onto the recording's rows and neuron order.
    /// </summary>
    public ContinuousPredictions PredictContinuous(RowMatrix recording, CancellationToken cancellation = default) =>
        _predictor.PredictContinuous(recording, "recording", cancellation: cancellation);

    /// <summary>Copies the bundle to <paramref name="folder"/> (new or empty), all at once: a failed copy leaves nothing.</summary>
    public void Save(string folder)
    {
        string source = Bundle.Folder;
        AtomicDirectory.Write(folder, target =>
        {
            foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                string destination = Path.Combine(target, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }
        });
    }

    /// <summary>Releases the model's tensors.</summary>
    public void Dispose() => _predictor.Dispose();
}
