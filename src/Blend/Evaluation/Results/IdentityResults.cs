using System.Text.Json;
using Blend.Evaluation.Identity;

namespace Blend.Evaluation.Results;

/// <summary>Everything a <c>blend identity</c> run measured (results.json).</summary>
public sealed record IdentityResults
{
    public required string Command { get; init; }

    public required IdentityDataSummary Data { get; init; }

    public required DynamicsProtocol Protocol { get; init; }

    public required IReadOnlyList<int> Seeds { get; init; }

    /// <summary>libtorch's CPU thread count during the run (null in results written before it was recorded).</summary>
    public int? Threads { get; init; }

    public required string PrimaryClassifier { get; init; }

    /// <summary>Baseline, teacher, students, then the probe rails when run.</summary>
    public required IReadOnlyList<IdentityModelResult> Models { get; init; }

    public required double Seconds { get; init; }

    public IdentityModelResult Model(string name) =>
        Models.FirstOrDefault(m => m.Name == name) ?? throw new KeyNotFoundException($"no model '{name}' in the results");

    public string ToJson() => JsonSerializer.Serialize(this, ResultsJson.Options) + "\n";

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
    Baseline,
    Teacher,
    Student,
    /// <summary>A linear probe (no dynamics model): a rail for the learned models.</summary>
    Probe,
}

/// <summary>One model's classification results and, for dynamics models, its training runs.</summary>
public sealed record IdentityModelResult
{
    public required string Name { get; init; }

    public required IdentityModelRole Role { get; init; }

    public required IdentityClassificationResult Classification { get; init; }

    /// <summary>One entry per (seed, fold) the model was trained for; empty for probes.</summary>
    public required IReadOnlyList<IdentityTrainingRun> Training { get; init; }
}

/// <summary>One trained dynamics model: its final losses and where its re-fitted Φ was written.</summary>
/// <param name="HeldOutMouse">The mouse left out of training (per-fold protocol), or null when trained on every session.</param>
/// <param name="TrainLoss">Mean objective over the last epoch of training.</param>
/// <param name="ValidationLoss">Masked reconstruction loss on held-out time after training.</param>
/// <param name="RefitLoss">Mean reconstruction loss over the last epoch of the Φ re-fit.</param>
/// <param name="Embeddings">The re-fitted Φ (.npy, identities × embedding width), relative to the experiment folder.</param>
public sealed record IdentityTrainingRun(
    int Seed, string? HeldOutMouse, double TrainLoss, double ValidationLoss, double RefitLoss, string Embeddings, double Seconds);
