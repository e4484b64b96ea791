using Blend.Data;
using Blend.Data.Identity;
using Blend.Evaluation;
using Blend.Evaluation.Identity;
using Blend.Models;
using Blend.Training.Identity;
using static TorchSharp.torch;

namespace Blend.Deployment;

/// <summary>One task's predictions for every identity of a recording, and their scores where the recording's t-types allow.</summary>
/// <param name="Classifier">The bundle's classifier of the task (class or subclass) that made the predictions.</param>
/// <param name="Probabilities">Identities × the task's labels.</param>
/// <param name="Predicted">Per identity, the predicted label's index.</param>
/// <param name="Scores">Against the recording's own labels (<c>neuron.ttype.txt</c>), when its samples hold at least two labels; else null.</param>
/// <param name="Samples">Identities whose label the recording gives for this task.</param>
public sealed record CellTypePrediction(CellTypeClassifier Classifier, RowMatrix Probabilities, int[] Predicted, ClassificationScores? Scores, int Samples);

/// <summary>What an identity bundle gives for a recording: per identity its Φ, mean final-layer features and cell-type predictions.</summary>
public sealed record IdentityPredictions(
    IdentityDataset Dataset, RowMatrix Embeddings, RowMatrix Features, IReadOnlyList<CellTypePrediction> CellTypes, double RefitLoss);

/// <summary>
/// Applies an <see cref="IdentityBundle"/> to a new recording in the Bugeon layout, as NeuPRINT embeds unseen neurons:
/// Φ of every identity is fitted by masked reconstruction with the dynamics model frozen (the bundle's re-fit
/// settings, seeded by its seed, so the same bundle and data give the same Φ); the final-layer features are
/// averaged over the recording's whole windows from the unmasked activity; the bundle's classifiers read Φ.
/// </summary>
public sealed class IdentityPredictor : IDisposable
{
    /// <summary>Windows per forward pass when averaging features (bounds memory: windows × neurons × W × D floats).</summary>
    private const int WindowsPerPass = 8;

    /// <summary>Neurons per forward pass when averaging features.</summary>
    private const int NeuronsPerPass = 256;

    private readonly NeuprintModel _model;

    /// <summary>Builds <paramref name="bundle"/>'s dynamics model with its weights; dispose the predictor to release it.</summary>
    public IdentityPredictor(IdentityBundle bundle)
    {
        Bundle = bundle;
        _model = bundle.CreateModel();
    }

    /// <summary>The bundle whose model and classifiers predict.</summary>
    public IdentityBundle Bundle { get; }

    /// <summary>Reads a Bugeon-layout folder with the bundle's preprocessing and checks that its sessions fit the model's windows.</summary>
    public IdentityDataset Load(string folder)
    {
        var dataset = IdentityDataset.Load(folder, Bundle.Manifest.Data);
        foreach (var session in dataset.Sessions) NeuprintBatchSampler.CheckWindowsFit(session, Bundle.Manifest.Training, heldOutTime: false);
        return dataset;
    }

    /// <summary>
    /// Re-fits Φ of every identity of <paramref name="dataset"/> with the model frozen (NeuPRINT's inductive step, Mi et
    /// al. 2023), averages the final-layer features and applies the bundle's classifiers. <paramref name="progress"/> gets
    /// each re-fit epoch.
    /// </summary>
    public IdentityPredictions Predict(IdentityDataset dataset, IProgress<NeuprintEpoch>? progress = null, CancellationToken cancellation = default)
    {
        var m = Bundle.Manifest;
        var sessions = dataset.Sessions.Select(s => new SessionTensors(s, dataset.Neurons)).ToArray();
        try
        {
            var tracking = new LastLoss(progress);
            using var table = NeuprintTrainer.Refit(_model, dataset.Neurons.Count, sessions, m.Training, m.Seed, tracking, cancellation);
            var embeddings = new RowMatrix(table.Identities, table.Width, table.ToArray());
            var features = MeanFeatures(sessions, table, dataset.Neurons.Count, cancellation);
            var cellTypes = m.Classifiers.Select(c => Classify(c, embeddings, dataset.Neurons)).ToArray();
            return new IdentityPredictions(dataset, embeddings, features, cellTypes, tracking.Loss);
        }
        finally
        {
            foreach (var session in sessions) session.Dispose();
        }
    }

    /// <summary>
    /// Identities × D: each identity's final-layer features averaged over every frame of its sessions' whole windows
    /// (starts 0, W, 2W, …; a tail shorter than W is left out), read from the unmasked activity in eval mode.
    /// </summary>
    private RowMatrix MeanFeatures(SessionTensors[] sessions, NeuronEmbeddingTable table, int identities, CancellationToken cancellation)
    {
        int width = _model.TokenWidth, window = Bundle.Manifest.Training.Window;
        var sums = new double[identities * width];
        var frames = new long[identities];
        _model.eval();
        using var noGrad = no_grad();
        foreach (var session in sessions)
        {
            int windows = session.Session.Frames / window;
            for (int first = 0; first < session.Session.NeuronCount; first += NeuronsPerPass)
            {
                int neurons = Math.Min(NeuronsPerPass, session.Session.NeuronCount - first);
                var sessionSum = new double[neurons * width];
                for (int w0 = 0; w0 < windows; w0 += WindowsPerPass)
                {
                    cancellation.ThrowIfCancellationRequested();
                    int count = Math.Min(WindowsPerPass, windows - w0);
                    using var scope = NewDisposeScope();
                    var activity = session.Activity.narrow(0, first, neurons);
                    var neighbours = session.Neighbours.narrow(0, first, neurons);
                    var starts = Enumerable.Range(w0, count).Select(w => (long)w * window).ToArray();
                    var activityWindows = stack(starts.Select(s => activity.narrow(1, s, window)).ToArray());
                    var population = stack(starts.Select(s => session.Population.narrow(1, s, window)).ToArray());
                    var neighbourWindows = stack(starts.Select(s => neighbours.narrow(2, s, window)).ToArray());
                    var rows = table.Rows(session.Ids.narrow(0, first, neurons));
                    var input = new NeuprintInput(activityWindows, rows, population.narrow(1, PopulationChannel.Mean, 2), neighbourWindows);
                    var output = _model.Forward(input, null);
                    // B·n × W × D → n × D summed over windows and frames.
                    var summed = output.LayerFeatures[^1].view(count, neurons, window, width).sum([0, 2]).to(ScalarType.Float64);
                    var values = summed.data<double>().ToArray();
                    for (int i = 0; i < values.Length; i++) sessionSum[i] += values[i];
                }
                for (int n = 0; n < neurons; n++)
                {
                    int id = session.Session.NeuronIds[first + n];
                    frames[id] += (long)windows * window;
                    for (int d = 0; d < width; d++) sums[id * width + d] += sessionSum[n * width + d];
                }
            }
        }
        var result = new RowMatrix(identities, width);
        for (int id = 0; id < identities; id++)
            for (int d = 0; d < width; d++) result[id, d] = frames[id] > 0 ? sums[id * width + d] / frames[id] : double.NaN;
        return result;
    }

    private static CellTypePrediction Classify(CellTypeClassifier classifier, RowMatrix embeddings, IReadOnlyList<IdentityNeuron> neurons)
    {
        var probabilities = classifier.Probabilities(embeddings);
        var predicted = classifier.Predict(embeddings);
        var samples = neurons.Where(n => IdentityTasks.IsSample(classifier.Task, n)).ToArray();
        ClassificationScores? scores = null;
        if (samples.Select(n => IdentityTasks.Label(classifier.Task, n)).Distinct().Count() >= 2)
        {
            var names = classifier.LabelNames;
            scores = ClassificationScores.Of(
                samples.Select(n => names[IdentityTasks.Label(classifier.Task, n)!.Value]).ToArray(),
                samples.Select(n => names[predicted[n.Id]]).ToArray());
        }
        return new CellTypePrediction(classifier, probabilities, predicted, scores, samples.Length);
    }

    /// <summary>Releases the dynamics model's tensors.</summary>
    public void Dispose() => _model.Dispose();

    /// <summary>Passes re-fit epochs on synchronously (System.Progress would post them to the thread pool) and keeps the last loss.</summary>
    private sealed class LastLoss(IProgress<NeuprintEpoch>? next) : IProgress<NeuprintEpoch>
    {
        public double Loss { get; private set; } = double.NaN;

        public void Report(NeuprintEpoch value)
        {
            Loss = value.Loss;
            next?.Report(value);
        }
    }
}
