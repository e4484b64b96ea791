namespace Blend.Data;

/// <summary>
/// Turns a continuous recording into the NLB file set the rest of Blend reads. The recording is first cut into three
/// contiguous time blocks (train, validation, eval) and each block is chopped on its own, so no window spans two
/// splits. Windows are <c>window + forward</c> bins long; the last <c>forward</c> bins become the <c>*_forward</c>
/// tensors. Train and validation windows go to <c>train_input.h5</c> (train first), eval held-in spikes to
/// <c>eval_input.h5</c>, and the answers (held-out eval spikes, behaviour, forward spikes) to <c>eval_target.h5</c>.
/// </summary>
public static class ContinuousImport
{
    /// <summary>
    /// Reads spike counts (time bins × neurons) and optional behaviour (time bins × dims) from <c>.npy</c> files and
    /// builds the file set with <see cref="Build"/>; the options are checked before any file is read.
    /// </summary>
    public static DatasetFileSet FromNpy(string spikesFile, string? behaviorFile, ContinuousImportOptions options)
    {
        options.Validate(); // before reading, so option mistakes are reported first
        return Build(ContinuousRecording.ReadNpy(spikesFile, behaviorFile), options);
    }

    /// <summary>
    /// Builds the NLB file set from a recording: rebins (spike counts summed, behaviour averaged), picks the held-out
    /// neurons with a seeded shuffle, cuts the train, validation and eval blocks and chops each into windows. Problems
    /// with the recording or options are <see cref="BlendInputException"/>s.
    /// </summary>
    public static DatasetFileSet Build(ContinuousRecording recording, ContinuousImportOptions options)
    {
        options.Validate();
        CheckRecording(recording, options);
        var spikes = Rebinning.Sum(recording.Spikes, options.Rebin);
        var behavior = recording.Behavior is null ? null : Rebinning.Mean(recording.Behavior, options.Rebin);
        if (behavior is not null && options.Rebin > 1)
            RecordingChecks.Behavior(behavior, $"{recording.BehaviorLabel} (after --rebin {options.Rebin})");

        var blocks = SplitBlocks(spikes.Rows, options);
        var (heldinNeurons, heldoutNeurons) = HeldoutNeurons.Choose(spikes.Cols, options.HeldoutFraction, options.Seed);
        var heldin = spikes.SelectColumns(heldinNeurons);
        var heldout = spikes.SelectColumns(heldoutNeurons);

        var chopped = blocks.Select(b => ChopBlock(heldin, heldout, behavior, b, options.ChoppedBins)).ToArray();
        var (train, validation, eval) = (chopped[0], chopped[1], chopped[2]);
        var trainAndValidation = Windows.Concat(train, validation);

        string name = options.Name ?? DefaultName(recording.SpikesFile);
        var manifest = new DatasetManifest
        {
            Name = name,
            SpikesFile = recording.SpikesFile,
            BehaviorFile = recording.BehaviorFile,
            SourceBins = recording.Spikes.Rows,
            SourceBinMs = options.BinMs,
            Rebin = options.Rebin,
            BinMs = options.BinMs * options.Rebin,
            Bins = spikes.Rows,
            WindowBins = options.WindowBins,
            ForwardBins = options.ForwardBins,
            Neurons = spikes.Cols,
            HeldinNeurons = heldinNeurons,
            HeldoutNeurons = heldoutNeurons,
            HeldoutFraction = options.HeldoutFraction,
            BehaviorDims = behavior?.Cols ?? 0,
            ValidationTrials = Enumerable.Range(train.Count, validation.Count).ToArray(),
            Splits = new DatasetSplits(
                blocks[0].ToSplit(train.Starts), blocks[1].ToSplit(validation.Starts), blocks[2].ToSplit(eval.Starts)),
            Seed = options.Seed,
        };
        return Assemble(trainAndValidation, eval, options, manifest);
    }

    /// <summary>A usable group name from a file name: <c>buddy_spikes_u8.npy</c> → <c>buddy_spikes_u8</c>.</summary>
    public static string DefaultName(string spikesFile)
    {
        string stem = Path.GetFileNameWithoutExtension(spikesFile);
        string name = new(stem.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return name.Length > 0 && char.IsAsciiLetter(name[0]) ? name : "dataset_" + name;
    }

    private static void CheckRecording(ContinuousRecording recording, ContinuousImportOptions options)
    {
        var spikes = recording.Spikes;
        RecordingChecks.Spikes(spikes, recording.SpikesFile);
        if (spikes.Cols < 2)
            throw new BlendInputException($"{recording.SpikesFile}: {spikes.Cols} neuron {spikes.ShapeText}; need at least 2 to hold some out for co-smoothing");
        if (recording.Behavior is not null)
        {
            RecordingChecks.SameRows(spikes, recording.SpikesFile, recording.Behavior, recording.BehaviorLabel);
            RecordingChecks.Behavior(recording.Behavior, recording.BehaviorLabel);
        }
        if (spikes.Rows / options.Rebin == 0)
            throw new BlendInputException($"--rebin {options.Rebin} leaves no bins: {recording.SpikesFile} has {spikes.Rows} rows {spikes.ShapeText}");
    }

    /// <summary>One contiguous block of the (rebinned) recording and the overlap of its windows.</summary>
    private sealed record Block(string Name, double Fraction, int Start, int End, int Overlap)
    {
        public DatasetSplit ToSplit(int[] windowStarts) => new()
        {
            Fraction = Fraction, StartBin = Start, EndBin = End, OverlapBins = Overlap, WindowStarts = windowStarts,
        };
    }

    /// <summary>Boundaries at round(cumulative fraction · bins); each block must hold at least one whole window.</summary>
    private static Block[] SplitBlocks(int bins, ContinuousImportOptions options)
    {
        var splits = options.Splits;
        int trainEnd = (int)Math.Round(splits.Train * bins, MidpointRounding.AwayFromZero);
        int validationEnd = (int)Math.Round((splits.Train + splits.Validation) * bins, MidpointRounding.AwayFromZero);
        Block[] blocks =
        [
            new(DatasetSplits.TrainName, splits.Train, 0, trainEnd, options.TrainOverlapBins),
            new(DatasetSplits.ValidationName, splits.Validation, trainEnd, validationEnd, 0),
            new(DatasetSplits.EvalName, splits.Eval, validationEnd, bins, 0),
        ];
        foreach (var block in blocks)
        {
            int length = block.End - block.Start;
            if (length < options.ChoppedBins)
                throw new BlendInputException(
                    $"--splits {splits}: the {block.Name} block is {length} bins (bins {block.Start}–{block.End} of {bins}{(options.Rebin > 1 ? $" after --rebin {options.Rebin}" : "")}) " +
                    $"but one window needs {options.ChoppedBins} (--window {options.WindowBins} + --forward {options.ForwardBins}); use a shorter window or a larger {block.Name} fraction");
        }
        return blocks;
    }

    /// <summary>Windows of one or more blocks: each array is windows × (window + forward) × channels.</summary>
    private sealed record Windows(Array3 Heldin, Array3 Heldout, Array3? Behavior, int[] Starts)
    {
        public int Count => Starts.Length;

        public static Windows Concat(Windows first, Windows second) => new(
            Array3.ConcatTrials(first.Heldin, second.Heldin),
            Array3.ConcatTrials(first.Heldout, second.Heldout),
            first.Behavior is null || second.Behavior is null ? null : Array3.ConcatTrials(first.Behavior, second.Behavior),
            [.. first.Starts, .. second.Starts]);
    }

    private static Windows ChopBlock(RowMatrix heldin, RowMatrix heldout, RowMatrix? behavior, Block block, int window)
    {
        int length = block.End - block.Start;
        Array3 Chop(RowMatrix matrix) => Chopping.Chop(matrix.SliceRows(block.Start, length), window, block.Overlap);
        var heldinWindows = Chop(heldin);
        int stride = window - block.Overlap;
        var starts = Enumerable.Range(0, heldinWindows.Trials).Select(i => block.Start + i * stride).ToArray();
        return new Windows(heldinWindows, Chop(heldout), behavior is null ? null : Chop(behavior), starts);
    }

    private static DatasetFileSet Assemble(Windows train, Windows eval, ContinuousImportOptions options, DatasetManifest manifest)
    {
        int main = options.WindowBins, forward = options.ForwardBins;
        Array3 Main(Array3 windows) => windows.SliceTime(0, main);
        Array3? Forward(Array3? windows) => windows is null || forward == 0 ? null : windows.SliceTime(main, forward);

        var trainInput = new NlbTrainInput
        {
            SpikesHeldin = Main(train.Heldin),
            SpikesHeldout = Main(train.Heldout),
            Behavior = train.Behavior is null ? null : Main(train.Behavior),
            SpikesHeldinForward = Forward(train.Heldin),
            SpikesHeldoutForward = Forward(train.Heldout),
            BehaviorForward = Forward(train.Behavior),
        };
        // Only held-in spikes: held-out eval spikes and eval behaviour are the answers.
        var evalInput = new NlbEvalInput { SpikesHeldin = Main(eval.Heldin) };
        var target = new NlbDatasetTarget
        {
            EvalSpikesHeldout = Main(eval.Heldout),
            TrainBehavior = trainInput.Behavior,
            EvalBehavior = eval.Behavior is null ? null : Main(eval.Behavior),
            EvalSpikesHeldinForward = Forward(eval.Heldin),
            EvalSpikesHeldoutForward = Forward(eval.Heldout),
        };
        return new DatasetFileSet
        {
            TrainInput = trainInput,
            EvalInput = evalInput,
            EvalTarget = new NlbEvalTarget(manifest.Name, target),
            Manifest = manifest,
        };
    }
}
