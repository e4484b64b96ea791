using Blend.Data;
using Blend.Data.Identity;

namespace Blend.Evaluation.Identity;

/// <summary>
/// The linear probes. For each session and neuron, an OLS of the z-scored trace over the first
/// ⌊0.75·T⌋ frames (the frames the dynamics model trains on), with an intercept:
/// <list type="bullet">
/// <item>Probe B (neural-only) regresses xₜ on population mean and SD at t and t − 1 and on xₜ₋₁; its features are the
/// five slopes and the residual variance, plus the trace's skewness, excess kurtosis and autocorrelation at lags 1, 4
/// and 16 over the same frames.</item>
/// <item>Probe A (behaviour-aware) regresses xₜ on running and pupil (z), the state, population mean and SD at t and
/// xₜ₋₁; its features are its slopes and residual variance followed by all of Probe B's. The reference's S is the
/// synchrony, which the data do not carry; the state label does, so S enters as two indicators, state = 1
/// (stationary desynchronised) and state = 2 (stationary synchronised), running being the baseline.</item>
/// </list>
/// Intercepts are not features (the traces are z-scored, so they only track drift between the fit window and the
/// rest). An identity seen in several sessions gets the mean of its per-session features. The features are then
/// classified by the class-balanced logistic regression, leave-one-mouse-out (<see cref="Evaluate"/>).
/// </summary>
public static class IdentityProbes
{
    /// <summary>Fraction of each session's frames the probes fit on (the reference's <c>train_time_steps_frac</c>).</summary>
    public const double FitFraction = 0.75;

    /// <summary>Lags, in frames, of the trace autocorrelation features (1, 4 and 16).</summary>
    public static IReadOnlyList<int> AutocorrelationLags { get; } = [1, 4, 16];

    private static readonly string[] NeuralOnlyNames =
    [
        "b_mean", "b_std", "b_mean_lag1", "b_std_lag1", "b_own_lag1", "b_residual_variance",
        "skewness", "excess_kurtosis", "autocorrelation_1", "autocorrelation_4", "autocorrelation_16",
    ];

    private static readonly string[] BehaviorAwareNames =
    [
        "a_running", "a_pupil", "a_state_desynchronised", "a_state_synchronised", "a_mean", "a_std", "a_own_lag1",
        "a_residual_variance", .. NeuralOnlyNames,
    ];

    /// <summary>Column names of <see cref="Features"/>.</summary>
    public static IReadOnlyList<string> FeatureNames(IdentityProbe probe) =>
        probe == IdentityProbe.BehaviorAware ? BehaviorAwareNames : NeuralOnlyNames;

    /// <summary>Frames the probes fit on in a session of <paramref name="frames"/> frames: ⌊0.75·T⌋.</summary>
    public static int FitFrames(int frames) => (int)(frames * FitFraction);

    /// <summary>Leave-one-mouse-out class-balanced logistic regression on the probe's features, one run per seed.</summary>
    public static IdentityClassificationResult Evaluate(IdentityDataset dataset, IdentityProbe probe, IReadOnlyList<int> seeds,
        IdentityClassificationOptions? options = null, Action<string>? progress = null) =>
        IdentityClassification.Run(dataset.Neurons, Features(dataset, probe), [new LogisticClassifier()], seeds, options, progress);

    /// <summary>One row per identity (row i = <c>dataset.Neurons[i]</c>): its features averaged over its sessions.</summary>
    public static RowMatrix Features(IdentityDataset dataset, IdentityProbe probe)
    {
        int width = FeatureNames(probe).Count;
        var sums = new RowMatrix(dataset.Neurons.Count, width);
        var sessions = new int[dataset.Neurons.Count];
        foreach (var session in dataset.Sessions)
        {
            var perNeuron = SessionFeatures(session, probe);
            for (int neuron = 0; neuron < session.NeuronCount; neuron++)
            {
                int id = session.NeuronIds[neuron];
                if (id < 0 || id >= dataset.Neurons.Count)
                    throw new BlendInputException($"{session.Folder}: neuron {neuron} has identity {id}, outside 0…{dataset.Neurons.Count - 1}");
                Span<double> target = sums.Row(id);
                ReadOnlySpan<double> source = perNeuron.Row(neuron);
                for (int j = 0; j < width; j++) target[j] += source[j];
                sessions[id]++;
            }
        }
        for (int id = 0; id < sessions.Length; id++)
        {
            if (sessions[id] == 0)
                throw new BlendInputException($"identity {id} ({dataset.Neurons[id].Mouse}, {dataset.Neurons[id].TType}) appears in no session");
            foreach (ref double v in sums.Row(id)) v /= sessions[id];
        }
        return sums;
    }

    /// <summary>One row per neuron of the session (its column order), <see cref="FeatureNames"/> columns.</summary>
    public static RowMatrix SessionFeatures(IdentitySession session, IdentityProbe probe)
    {
        int frames = FitFrames(session.Frames);
        int minimum = AutocorrelationLags.Max() + 2;
        if (frames < minimum)
            throw new BlendInputException(
                $"{session.Folder}: {session.Frames} frames leave {frames} for the probes, need at least {minimum}");
        if (session.Activity.Length != session.NeuronCount * session.Frames || session.Population.Length != PopulationChannel.Count * session.Frames)
            throw new BlendInputException(
                $"{session.Folder}: activity holds {session.Activity.Length} values and population {session.Population.Length} for {session.NeuronCount} neurons × {session.Frames} frames");

        double[] Channel(int channel, int shift = 0)
        {
            ReadOnlySpan<float> values = session.Channel(channel);
            var column = new double[frames];
            for (int t = shift; t < frames; t++) column[t] = values[t - shift];
            return column;
        }
        double[] StateIs(int state)
        {
            var column = Channel(PopulationChannel.State);
            for (int t = 0; t < frames; t++) column[t] = Math.Round(column[t]) == state ? 1.0 : 0.0;
            return column;
        }

        var neuralOnly = new ProbeRegression(
            [Channel(PopulationChannel.Mean), Channel(PopulationChannel.Std), Channel(PopulationChannel.Mean, 1), Channel(PopulationChannel.Std, 1)],
            frames);
        var behaviorAware = probe == IdentityProbe.BehaviorAware
            ? new ProbeRegression(
                [Channel(PopulationChannel.Running), Channel(PopulationChannel.Pupil), StateIs(1), StateIs(2),
                 Channel(PopulationChannel.Mean), Channel(PopulationChannel.Std)],
                frames)
            : null;

        int width = FeatureNames(probe).Count;
        var result = new RowMatrix(session.NeuronCount, width);
        Parallel.For(0, session.NeuronCount, neuron =>
        {
            ReadOnlySpan<float> trace = session.Trace(neuron)[..frames];
            var row = new List<double>(width);
            if (behaviorAware is not null) AddRegression(row, behaviorAware.Fit(trace));
            AddRegression(row, neuralOnly.Fit(trace));
            var (skewness, kurtosis) = TraceMoments.Shape(trace);
            row.Add(skewness);
            row.Add(kurtosis);
            foreach (int lag in AutocorrelationLags) row.Add(TraceMoments.Autocorrelation(trace, lag));
            row.CopyTo(result.Values, neuron * width);
        });
        return result;
    }

    private static void AddRegression(List<double> row, (double[] Slopes, double ResidualVariance) fit)
    {
        row.AddRange(fit.Slopes);
        row.Add(fit.ResidualVariance);
    }
}
