using System.Text.Json;
using System.Text.Json.Serialization;
using Blend.Data;
using Blend.Data.Identity;
using Blend.Evaluation.Identity;
using Blend.Models;
using Blend.Training.Identity;

namespace Blend.Deployment;

/// <summary>
/// <c>bundle.json</c> of a NeuPRINT identity model (<c>blend identity</c>): what the dynamics model was trained on, the
/// sections of its config that deployment needs (<c>model</c>: the token layout; <c>training</c>: the window and the
/// Φ re-fit; <c>data</c>: how sessions are preprocessed) and the cell-type classifiers of Φ. A new recording's neurons
/// get their Φ by a re-fit with the model frozen (NeuPRINT's inductive step), so unlike an NLB bundle it does not
/// list neurons.
/// </summary>
public sealed record IdentityBundleManifest
{
    /// <summary>The <c>format</c> value every identity <c>bundle.json</c> carries (tells it from an NLB model bundle).</summary>
    public const string Format = "blend-identity-bundle";
    /// <summary>The <c>format_version</c> this Blend writes and the only one it reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Always <see cref="Format"/>.</summary>
    [JsonPropertyName("format")]
    public string FormatName { get; init; } = Format;

    /// <summary>Version of the bundle layout (<c>format_version</c>); a bundle of another version is refused on reading.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The Blend that wrote the bundle (informational version).</summary>
    public string BlendVersion { get; init; } = BundleManifest.CurrentBlendVersion;

    /// <summary>The model's name in its experiment (<c>baseline</c>, <c>student-hard</c>, …).</summary>
    public required string Model { get; init; }

    /// <summary><c>baseline</c> or <c>student</c>.</summary>
    public required string Role { get; init; }

    /// <summary>The replicate's seed; a re-fit of Φ on new data is seeded with it.</summary>
    public required int Seed { get; init; }

    /// <summary>The mouse left out of training (per-fold protocol); null when trained on every session.</summary>
    public string? HeldOutMouse { get; init; }

    /// <summary>The training dataset folder, its mice, sessions and identities.</summary>
    public required string Dataset { get; init; }

    /// <summary>The mice whose sessions the model was trained on.</summary>
    public required string[] Mice { get; init; }

    /// <summary>Recording sessions in the training dataset.</summary>
    public required int Sessions { get; init; }

    /// <summary>Neuron identities in the training dataset (rows of its Φ table; a record neuron is one identity across sessions).</summary>
    public required int Identities { get; init; }

    /// <summary>Width of Φ and of the final-layer features.</summary>
    public required int EmbeddingDim { get; init; }

    /// <summary>Width D of the final-layer features: the model's token width (activity + Φ + population + neighbour channels).</summary>
    public required int FeatureDim { get; init; }

    /// <summary>The dynamics model's hyper-parameters (the config's <c>model:</c> section).</summary>
    public required NeuprintOptions ModelOptions { get; init; }

    /// <summary>The config's <c>training:</c> section: the window, masking and the Φ re-fit a new recording gets.</summary>
    public required NeuprintTrainingOptions Training { get; init; }

    /// <summary>The config's <c>data:</c> section: the recording folder and neighbour radius of the Bugeon layout.</summary>
    public required IdentityLoadOptions Data { get; init; }

    /// <summary>EC / IN from Φ; null when the training data had one class only.</summary>
    public CellTypeClassifier? ClassClassifier { get; init; }

    /// <summary>Lamp5 / Vip / Pvalb / Sst / Sncg from Φ; null when fewer than two subclasses were labelled.</summary>
    public CellTypeClassifier? SubclassClassifier { get; init; }

    /// <summary>The classifiers the bundle has (class, then subclass), skipping absent ones.</summary>
    public IEnumerable<CellTypeClassifier> Classifiers => new[] { ClassClassifier, SubclassClassifier }.OfType<CellTypeClassifier>();

    /// <summary>The manifest as <c>bundle.json</c> text (snake_case keys, trailing newline).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, BundleFolder.JsonOptions) + "\n";

    /// <summary>Reads and checks <c>bundle.json</c> (format and version first, as <see cref="BundleManifest.Read"/>).</summary>
    public static IdentityBundleManifest Read(string path)
    {
        string text = BundleFolder.CheckFormat(path, Format, CurrentFormatVersion);
        IdentityBundleManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<IdentityBundleManifest>(text, BundleFolder.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new BlendInputException($"{path}: damaged bundle manifest ({e.Message.ReplaceLineEndings(" ")})", e);
        }
        if (manifest is null) throw new BlendInputException($"{path}: damaged bundle manifest (null)");
        if (manifest.ModelOptions is null || manifest.Training is null || manifest.Data is null)
            throw new BlendInputException($"{path}: model_options, training and data must be objects");
        if (manifest.EmbeddingDim < 1 || manifest.Identities < 1 || manifest.ModelOptions.EmbeddingDim != manifest.EmbeddingDim
            || manifest.ModelOptions.TokenWidth != manifest.FeatureDim)
            throw new BlendInputException(
                $"{path}: unusable sizes: embedding_dim {manifest.EmbeddingDim}, feature_dim {manifest.FeatureDim}, {manifest.Identities} identities, model_options.embedding_dim {manifest.ModelOptions.EmbeddingDim}");
        var t = manifest.Training;
        if (t.Window < 2 || t.NeuronsPerStep < 1 || t.WindowsPerStep < 1 || t.RefitSteps < 1 || t.StepsPerEpoch < 1 || t.MaskSpan < 1
            || !(t.RefitLr > 0) || t.MaskRatio is not (> 0 and <= 1) || t.TrainFraction is not (> 0 and < 1))
            throw new BlendInputException(
                $"{path}: training: unusable re-fit settings (window {t.Window}, neurons_per_step {t.NeuronsPerStep}, windows_per_step {t.WindowsPerStep}, " +
                $"refit_steps {t.RefitSteps}, refit_lr {t.RefitLr}, mask_ratio {t.MaskRatio}, mask_span {t.MaskSpan}, train_fraction {t.TrainFraction})");
        try
        {
            manifest.Data.Validate();
        }
        catch (BlendInputException e)
        {
            throw new BlendInputException($"{path}: data: {e.Message}", e);
        }
        foreach (var (classifier, task) in new[] { (manifest.ClassClassifier, IdentityTask.Class), (manifest.SubclassClassifier, IdentityTask.Subclass) })
        {
            if (classifier is null) continue;
            if (classifier.Task != task) throw new BlendInputException($"{path}: the {task} classifier is marked as a {classifier.Task} classifier");
            classifier.Validate(path, manifest.EmbeddingDim);
        }
        return manifest;
    }
}
