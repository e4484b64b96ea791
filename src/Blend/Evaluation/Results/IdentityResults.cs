using System.Text.Json;
using Blend.Evaluation.Identity;

namespace Blend.Evaluation.Results;

/// <summary>Everything a <c>blend identity</c> run measured (results.json).</summary>
public sealed record IdentityResults
{
    /// <summary>The command line that ran the experiment.</summary>
    public required string Command { get; init; }

    /// <summary>The dataset as loaded: mice, sessions, neurons, identities and label counts.</summary>
    public required IdentityDataSummary Data { get; init; }

    /// <summary>Whether the dynamics models were trained once on every session (<c>shared</c>) or once per held-out mouse (<c>per_fold</c>).</summary>
    public required DynamicsProtocol Protocol { get; init; }

    /// <summary>The seeds run, each fixing training, the Φ re-fit, the classifier split and the classifiers' initial weights.</summary>
    public required IReadOnlyList<int> Seeds { get; init; }

    /// <summary>libtorch's CPU thread count during the run (null in results written before it was recorded).</summary>
    public int? Threads { get; init; }

    /// <summary>The classifier of the headline table and the confusion matrices (<c>mlp</c> by default).</summary>
    public required string PrimaryClassifier { get; init; }

    /// <summary>Baseline, teacher, students, then the probe rails when run.</summary>
    public required IReadOnlyList<IdentityModelResult> Models { get; init; }

    /// <summary>Wall-clock seconds of the whole experiment.</summary>
    public required double Seconds { get; init; }

    /// <summary>The row named <paramref name="name"/>; throws when there is none.</summary>
    public IdentityModelResult Model(string name) =>
        Models.FirstOrDefault(m => m.Name == name) ?? throw new KeyNotFoundException($"no model '{name}' in the results");

    /// <summary>The results as <c>results.json</c> text, with a trailing newline.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ResultsJson.Options) + "\n";

    /// <summary>Reads <c>results.json</c> text written by <see cref="ToJson"/>.</summary>
    public static IdentityResults FromJson(string json) =>
        JsonSerializer.Deserialize<IdentityResults>(json, ResultsJson.Options) ?? throw new BlendInputException("results.json: empty");
}

/// <summary>The dataset as loaded: sizes and label counts.</summary>
public sealed record IdentityDataSummary(
    string Folder, IReadOnlyList<string> Mice, int Sessions, int Neurons, int Identities, int RecordIdentities,
    IReadOnlyDictionary<string, int> ClassCounts, IReadOnlyDictionary<string, int> SubclassCounts, int MinFrames, int MaxFrames);

/// <summary>Where a row of the results comes from.</summary>
public enum IdentityModelRole
{
    /// <summary>A dynamics model trained on neural activity alone.</summary>
    Baseline,
    /// <summary>A dynamics model that also sees behaviour (running, pupil, state).</summary>
    Teacher,
    /// <summary>A neural-only dynamics model distilled from the teacher.</summary>
    Student,
    /// <summary>A linear probe (no dynamics model): a rail for the learned models.</summary>
    Probe,
}

/// <summary>One model's classification results and, for dynamics models, its training runs.</summary>
public sealed record IdentityModelResult
{
    /// <summary>The row's name (<c>baseline</c>, <c>teacher</c>, <c>student-hard</c>, a probe, …).</summary>
    public required string Name { get; init; }

    /// <summary>Baseline, teacher, student or probe.</summary>
    public required IdentityModelRole Role { get; init; }

    /// <summary>Leave-one-mouse-out cell-type classification of the model's Φ (or the probe's features) over every seed.</summary>
    public required IdentityClassificationResult Classification { get; init; }

    /// <summary>One entry per (seed, fold) the model was trained for; empty for probes.</summary>
    public required IReadOnlyList<IdentityTrainingRun> Training { get; init; }
}

/// <summary>One trained dynamics model: its final losses and where its re-fitted Φ was written.</summary>
/// <param name="Seed">The seed the model was trained and its Φ re-fitted with.</param>
/// <param name="HeldOutMouse">The mouse left out of training (per-fold protocol), or null when trained on every session.</param>
/// <param name="TrainLoss">Mean objective over the last epoch of training.</param>
/// <param name="ValidationLoss">Masked reconstruction loss on held-out time after training.</param>
/// <param name="RefitLoss">Mean reconstruction loss over the last epoch of the Φ re-fit.</param>
/// <param name="Embeddings">The re-fitted Φ (.npy, identities × embedding width), relative to the experiment folder.</param>
/// <param name="Seconds">Wall-clock seconds of training, the Φ re-fit and writing its outputs.</param>
/// <param name="StopReason"><c>completed</c>, or <c>time_limit</c> when the model's share of <c>--time-limit</c> ended training or the re-fit early.</param>
public sealed record IdentityTrainingRun(
    int Seed, string? HeldOutMouse, double TrainLoss, double ValidationLoss, double RefitLoss, string Embeddings, double Seconds,
    string StopReason = "completed");
