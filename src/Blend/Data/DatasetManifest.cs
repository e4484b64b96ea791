using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Blend.Data;

/// <summary>
/// <c>dataset.json</c>: what a dataset folder holds and how it was made, so that results can be traced back to the
/// recording and per-window predictions merged back into continuous time. Written by <c>blend import</c> (from a
/// continuous recording) and <c>blend synth</c> (from a generator); snake_case keys, like NLB's files.
/// </summary>
public sealed record DatasetManifest
{
    /// <summary>The manifest format this Blend writes and the only one <see cref="Read"/> accepts.</summary>
    public const int CurrentFormatVersion = 1;
    /// <summary>The manifest's file name in a dataset folder.</summary>
    public const string FileName = "dataset.json";

    /// <summary>The manifest format (<c>format_version</c>); must equal <see cref="CurrentFormatVersion"/>.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The dataset's group name in <c>eval_target.h5</c> and in submissions.</summary>
    public required string Name { get; init; }

    /// <summary>The synthetic generator and its parameters; null for recorded data.</summary>
    public JsonObject? Generator { get; init; }

    /// <summary>A file with the generator's true latents or rates, relative to the folder; null when there is none.</summary>
    public string? GroundTruthFile { get; init; }

    /// <summary>The spikes file imported (as given on the command line); null for synthetic data.</summary>
    public string? SpikesFile { get; init; }

    /// <summary>The behaviour file imported; null when there was none.</summary>
    public string? BehaviorFile { get; init; }

    /// <summary>The NWB files converted (by <c>blend nwb</c>), in load order; null otherwise.</summary>
    public string[]? NwbFiles { get; init; }

    /// <summary>
    /// True for the NLB test phase (<c>blend nwb --phase test</c>): train input = the 'train' + 'val' trials, eval input =
    /// the 'test' trials, and no eval target (the leaderboard holds the answers).
    /// </summary>
    public bool TestPhase { get; init; }

    /// <summary>NWB unit ids in neuron order (held-in then held-out, each ascending); null when not from NWB.</summary>
    public long[]? UnitIds { get; init; }

    /// <summary>Rows of the source arrays before rebinning; null for synthetic data.</summary>
    public int? SourceBins { get; init; }

    /// <summary>Bin width of the source arrays in ms; null for synthetic data.</summary>
    public double? SourceBinMs { get; init; }

    /// <summary>Source bins summed into one bin.</summary>
    public int Rebin { get; init; } = 1;

    /// <summary>Bin width of the tensors in ms.</summary>
    public required double BinMs { get; init; }

    /// <summary>Length of the (rebinned) continuous recording the windows index into.</summary>
    public required int Bins { get; init; }

    /// <summary>Time bins per trial in the main tensors.</summary>
    public required int WindowBins { get; init; }

    /// <summary>Time bins per trial in the <c>*_forward</c> tensors (0: none).</summary>
    public required int ForwardBins { get; init; }

    /// <summary>Neurons in the recording (held-in plus held-out).</summary>
    public required int Neurons { get; init; }

    /// <summary>Original column indices of the held-in neurons, in tensor channel order.</summary>
    public required int[] HeldinNeurons { get; init; }

    /// <summary>Original column indices of the held-out neurons, in tensor channel order.</summary>
    public required int[] HeldoutNeurons { get; init; }

    /// <summary>
    /// The fraction of neurons held out that was asked for at import (<c>--heldout-fraction</c>); null when the held-out
    /// set came from NWB or a generator.
    /// </summary>
    public double? HeldoutFraction { get; init; }

    /// <summary>Behaviour columns (0: no behaviour).</summary>
    public required int BehaviorDims { get; init; }

    /// <summary>
    /// Indices into <c>train_input.h5</c>'s trials that form the validation set. Empty when trials are independent
    /// (synthetic data): the trainer then carves a seeded validation split itself.
    /// </summary>
    public required int[] ValidationTrials { get; init; }

    /// <summary>The time blocks and window starts; null when trials were not chopped from one continuous recording.</summary>
    public DatasetSplits? Splits { get; init; }

    /// <summary>The seed of the held-out neuron shuffle (import), of the generator (synthetic data) or of the NWB conversion.</summary>
    public int Seed { get; init; }

    /// <summary>The names of the NLB files, relative to the dataset folder.</summary>
    public DatasetFiles Files { get; init; } = new();

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        Converters = { new InlineIntegerArrayConverter<int>(), new InlineIntegerArrayConverter<long>() },
    };

    /// <summary>The manifest as indented JSON with snake_case keys, ending in a newline.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";

    /// <summary>Writes the manifest atomically.</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, ToJson());

    /// <summary>Reads and checks a manifest; problems are one-line <see cref="BlendInputException"/>s naming the file.</summary>
    public static DatasetManifest Read(string path)
    {
        if (Directory.Exists(path)) path = Path.Combine(path, FileName);
        if (!File.Exists(path)) throw new BlendInputException($"{path}: file not found");
        DatasetManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<DatasetManifest>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new BlendInputException($"{path}: not a valid dataset manifest: {NlbFileException.OneLine(e.Message)}", e);
        }
        if (manifest is null) throw new BlendInputException($"{path}: not a valid dataset manifest: null");
        manifest.Validate(path);
        return manifest;
    }

    /// <summary>Checks the version, the name and that neuron lists and splits fit together.</summary>
    public void Validate(string file)
    {
        BlendInputException Bad(string problem) => new($"{file}: {problem}");
        if (FormatVersion != CurrentFormatVersion)
            throw Bad($"format_version {FormatVersion} is not supported (this Blend reads {CurrentFormatVersion})");
        if (!NlbDatasetNames.IsUsableGroupName(Name))
            throw Bad($"name '{Name}' is not a usable dataset name (letters, digits and '_', starting with a letter)");
        if (HeldinNeurons is null || HeldoutNeurons is null || ValidationTrials is null)
            throw Bad("heldin_neurons, heldout_neurons and validation_trials must be lists");
        var all = HeldinNeurons.Concat(HeldoutNeurons).ToArray();
        if (all.Length != Neurons || all.Distinct().Count() != Neurons || all.Any(n => n < 0 || n >= Neurons))
            throw Bad($"heldin_neurons ({HeldinNeurons.Length}) and heldout_neurons ({HeldoutNeurons.Length}) must together list each of the {Neurons} neurons once");
        if (WindowBins < 1 || ForwardBins < 0) throw Bad($"window_bins {WindowBins} / forward_bins {ForwardBins} are not usable");
        if (Splits is null) return;
        foreach (var (name, split) in Splits.Named())
        {
            if (split is null || split.WindowStarts is null) throw Bad($"splits.{name} is missing or has no window_starts");
            if (split.StartBin < 0 || split.EndBin > Bins || split.StartBin > split.EndBin)
                throw Bad($"splits.{name} covers bins [{split.StartBin}, {split.EndBin}), outside the {Bins}-bin recording");
            foreach (int start in split.WindowStarts)
                if (start < split.StartBin || start + WindowBins + ForwardBins > split.EndBin)
                    throw Bad($"splits.{name} has a window starting at bin {start} that does not fit in [{split.StartBin}, {split.EndBin})");
        }
    }
}
