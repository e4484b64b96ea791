using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Blend.Data;
using Blend.Training;

namespace Blend.Deployment;

/// <summary>
/// <c>bundle.json</c>: everything needed to apply a trained model to a new recording besides its config and weights —
/// which neurons of which recording it reads and in what order, the trial geometry and bin width, how continuous
/// recordings are chopped, the behavior decoder and the behavior statistics of its training data. snake_case keys, like
/// <c>dataset.json</c>.
/// </summary>
public sealed record BundleManifest
{
    /// <summary>The <c>format</c> value every <c>bundle.json</c> carries.</summary>
    public const string Format = "blend-model-bundle";
    /// <summary>The <c>format_version</c> this Blend writes and the only one it reads.</summary>
    public const int CurrentFormatVersion = 1;
    /// <summary>The manifest's file name inside a bundle folder.</summary>
    public const string FileName = "bundle.json";
    /// <summary>The resolved training config's file name inside a bundle folder.</summary>
    public const string ConfigFileName = "config.yaml";
    /// <summary>The weights file's name inside a bundle folder (Blend's checkpoint format, see <see cref="BundleWeights"/>).</summary>
    public const string WeightsFileName = "weights.ckpt";

    /// <summary>Always <see cref="Format"/>: tells a bundle from other JSON files.</summary>
    [JsonPropertyName("format")]
    public string FormatName { get; init; } = Format;

    /// <summary>Version of the bundle layout (<c>format_version</c>); a bundle of another version is refused on reading.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The Blend that wrote the bundle (informational version).</summary>
    public string BlendVersion { get; init; } = CurrentBlendVersion;

    /// <summary>The model's name in its experiment (<c>baseline</c>, <c>student-soft</c>, …; <c>model</c> for <c>blend train</c>).</summary>
    public required string Model { get; init; }

    /// <summary><c>baseline</c>, <c>student</c>, <c>teacher</c> or <c>model</c>.</summary>
    public required string Role { get; init; }

    /// <summary><c>model.architecture</c> of the config.</summary>
    public required string Architecture { get; init; }

    /// <summary>The training dataset's name (its NLB group).</summary>
    public required string Dataset { get; init; }

    /// <summary>Bin width of the model's input in ms; null when the training data did not say.</summary>
    public double? BinMs { get; init; }

    /// <summary>Bin width of the recording before rebinning (continuous imports), ms; null when not known.</summary>
    public double? SourceBinMs { get; init; }

    /// <summary>Source bins summed into one model bin (<c>blend import --rebin</c>; 1 otherwise).</summary>
    public int Rebin { get; init; } = 1;

    /// <summary>Time bins per trial window the model reads (T): held-in spikes are trials × T × held-in neurons.</summary>
    public required int MainBins { get; init; }

    /// <summary>Bins the model predicts beyond each window (F, NLB's forward-prediction bins; 0 for none): rates are trials × (T + F) × neurons.</summary>
    public required int ForwardBins { get; init; }

    /// <summary>Neurons in the recording the model was trained on (held-in plus held-out).</summary>
    public required int RecordingNeurons { get; init; }

    /// <summary>Recording columns of the held-in neurons (the model's input), in model channel order.</summary>
    public required int[] HeldinNeurons { get; init; }

    /// <summary>Recording columns of the held-out neurons (predicted from the held-in ones), in model channel order.</summary>
    public required int[] HeldoutNeurons { get; init; }

    /// <summary>NWB unit ids in model channel order (held-in then held-out); null when the data was not from NWB.</summary>
    public long[]? UnitIds { get; init; }

    /// <summary>The continuous recording the model was trained on (<c>blend import</c>'s spikes file, as given); null otherwise.</summary>
    public string? SourceSpikesFile { get; init; }

    /// <summary>Rows of that recording, and its eval block [start, end) in rows: the part no model saw in training or selection.</summary>
    public int? SourceRows { get; init; }

    /// <summary>The eval block of <see cref="SourceSpikesFile"/> as [start, end) in source rows; null for trial-based data.</summary>
    public int[]? SourceEvalRows { get; init; }

    /// <summary>Bins shared by consecutive windows when a continuous recording is chopped for prediction.</summary>
    public required int ChopOverlapBins { get; init; }

    /// <summary><c>training.inference_passes</c>: masked passes per prediction.</summary>
    public required int InferencePasses { get; init; }

    /// <summary>Behavior channels the model takes as input (a teacher; 0 for baselines and students).</summary>
    public required int BehaviorInputDims { get; init; }

    /// <summary>Mean and standard deviation of each behavior channel over the training trials (NaN-free bins), in the data's units.</summary>
    public double[]? BehaviorMean { get; init; }

    /// <summary>Sample standard deviation (n − 1) of each behavior channel over the training trials' non-NaN bins; null without behavior.</summary>
    public double[]? BehaviorStd { get; init; }

    /// <summary>The behavior decoder from rates; null when the training data had no per-bin behavior.</summary>
    public BehaviorDecoder? Decoder { get; init; }

    /// <summary>The latents <c>blend predict</c> writes, with their widths.</summary>
    public required BundleLatent[] Latents { get; init; }

    /// <summary>Trials trained on and validated on; the best epoch and its validation loss.</summary>
    public required int TrainingTrials { get; init; }

    /// <summary>Trials held out for validation (early stopping and model selection).</summary>
    public required int ValidationTrials { get; init; }

    /// <summary>The epoch (counted from 1) with the lowest validation loss, whose weights the bundle holds.</summary>
    public required int BestEpoch { get; init; }

    /// <summary>Held-in neurons: the model's input channels.</summary>
    public int HeldinCount => HeldinNeurons.Length;

    /// <summary>Held-out neurons: channels whose rates the model predicts without seeing their spikes.</summary>
    public int HeldoutCount => HeldoutNeurons.Length;

    /// <summary>Model channels (held-in plus held-out), the last dimension of predicted rates.</summary>
    public int Neurons => HeldinNeurons.Length + HeldoutNeurons.Length;

    /// <summary>The trial geometry of the model's tensors (neurons, main and forward bins, behavior input channels).</summary>
    public TrialLayout Layout => new(HeldinCount, HeldoutCount, MainBins, ForwardBins, BehaviorInputDims);

    /// <summary>The recording column of every model channel (held-in then held-out).</summary>
    public int[] ChannelColumns => [.. HeldinNeurons, .. HeldoutNeurons];

    /// <summary>This Blend's informational version (the assembly's), written into new bundles.</summary>
    public static string CurrentBlendVersion =>
        typeof(BundleManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The manifest as <c>bundle.json</c> text (snake_case keys, trailing newline).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, BundleFolder.JsonOptions) + "\n";

    /// <summary>Reads and checks <c>bundle.json</c>; an unknown format version or inconsistent neuron lists are one-line errors naming the file.</summary>
    public static BundleManifest Read(string path)
    {
        string text = BundleFolder.CheckFormat(path, Format, CurrentFormatVersion);
        BundleManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BundleManifest>(text, BundleFolder.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new BlendInputException($"{path}: damaged bundle manifest ({e.Message.ReplaceLineEndings(" ")})", e);
        }
        if (manifest is null) throw new BlendInputException($"{path}: damaged bundle manifest (null)");
        manifest.Validate(path);
        return manifest;
    }

    private void Validate(string path)
    {
        BlendInputException Bad(string problem) => new($"{path}: {problem}");
        if (HeldinNeurons is null || HeldoutNeurons is null || Latents is null) throw Bad("heldin_neurons, heldout_neurons and latents must be lists");
        if (HeldinCount < 1 || HeldoutCount < 0 || MainBins < 1 || ForwardBins < 0 || Rebin < 1 || InferencePasses < 1)
            throw Bad($"unusable geometry: {HeldinCount}+{HeldoutCount} neurons, {MainBins}+{ForwardBins} bins, rebin {Rebin}, {InferencePasses} inference passes");
        var columns = ChannelColumns;
        if (columns.Distinct().Count() != columns.Length || columns.Any(c => c < 0 || c >= RecordingNeurons) || columns.Length != RecordingNeurons)
            throw Bad($"heldin_neurons and heldout_neurons must together list each of the {RecordingNeurons} recording neurons once");
        if (UnitIds is not null && UnitIds.Length != Neurons) throw Bad($"unit_ids lists {UnitIds.Length} units for {Neurons} neurons");
        if (ChopOverlapBins < 0 || 2 * ChopOverlapBins > MainBins) throw Bad($"chop_overlap_bins {ChopOverlapBins} does not fit {MainBins}-bin windows");
        if (SourceEvalRows is not null && (SourceRows is not int rows || SourceEvalRows.Length != 2 || SourceEvalRows[0] < 0
            || SourceEvalRows[0] > SourceEvalRows[1] || SourceEvalRows[1] > rows))
            throw Bad($"source_eval_rows must be [start, end) inside the {SourceRows} source_rows");
        Decoder?.Validate(path, Neurons);
    }
}

/// <summary>A latent a bundle's model produces, and its width.</summary>
public sealed record BundleLatent(string Name, int Width);
