using Blend.Data;
using static TorchSharp.torch;

namespace Blend.Training;

/// <summary>
/// A dataset as tensors for training: every trial as one float32 tensor B × (T + F) × N with time = main bins then
/// forward bins and neurons = held-in then held-out (NaN where a count is unknown, e.g. the eval trials' held-out
/// neurons), behavior as B × (T + F) × D (the forward part from <c>train_behavior_forward</c> when present, else NaN;
/// see <see cref="HasForwardBehavior"/>). The optimizer sees <see cref="Train"/>; <see cref="Validation"/> selects the
/// model. Under <see cref="SelectionProtocol.Clean"/> validation trials come from the training trials (the manifest's
/// <c>validation_trials</c>, else a seeded random fraction) and the eval trials are never used before scoring; under
/// <see cref="SelectionProtocol.Reference"/> all training trials are trained on and the eval trials (eval_input plus the
/// eval target's held-out and forward spikes) select the model, as the BLEND authors' code does.
/// </summary>
public sealed class TrainingData : IDisposable
{
    private TrainingData(string name, TrialLayout layout, SelectionProtocol protocol, Tensor trainSpikes, Tensor? trainBehavior,
        Tensor evalSpikes, Tensor? evalBehavior, int[] trainTrials, int[] validationTrials, string validationDescription)
    {
        Name = name;
        Layout = layout;
        Protocol = protocol;
        TrainSpikes = trainSpikes;
        TrainBehavior = trainBehavior;
        EvalSpikes = evalSpikes;
        EvalBehavior = evalBehavior;
        Train = new TrialSet(trainSpikes, trainBehavior, trainTrials);
        Validation = protocol == SelectionProtocol.Reference
            ? new TrialSet(evalSpikes, evalBehavior, validationTrials)
            : new TrialSet(trainSpikes, trainBehavior, validationTrials);
        ValidationDescription = validationDescription;
    }

    /// <summary>The dataset's group name (for submissions and the eval target).</summary>
    public string Name { get; }

    /// <summary>Trial geometry: held-in and held-out neurons, main and forward bins, behavior channels.</summary>
    public TrialLayout Layout { get; }

    /// <summary>Which trials select the model (see the class summary).</summary>
    public SelectionProtocol Protocol { get; }

    /// <summary>All trials of <c>train_input.h5</c>, in file order.</summary>
    public Tensor TrainSpikes { get; }

    /// <summary>The training trials' behavior, B × (T + F) × D float32 (NaN where unknown); null when the train input has no per-bin behavior.</summary>
    public Tensor? TrainBehavior { get; }

    /// <summary>
    /// All trials of <c>eval_input.h5</c>: held-in main bins, and held-out counts when eval_input has them. Under the
    /// reference protocol also the eval target's held-out and forward counts; else NaN there.
    /// </summary>
    public Tensor EvalSpikes { get; }

    /// <summary>
    /// The eval trials' behavior (eval_input's, else the eval target's: the reference's teacher validates with it),
    /// forward bins NaN unless eval_input has eval_behavior_forward; null when there is none. Never used by a student.
    /// </summary>
    public Tensor? EvalBehavior { get; }

    /// <summary>The trials the optimizer trains on.</summary>
    public TrialSet Train { get; }

    /// <summary>The trials whose masked loss selects the model and stops training early.</summary>
    public TrialSet Validation { get; }


    /// <summary>Where the validation trials came from, for logs.</summary>
    public string ValidationDescription { get; }

    /// <summary>Why the training behavior was left out (its shape does not fit the spikes), or null: a teacher is refused with this line.</summary>
    public string? BehaviorProblem { get; private init; }

    /// <summary>What is odd but usable about the data (silent neurons, behavior left out), one line each, for the command to print.</summary>
    public IReadOnlyList<string> Warnings { get; private init; } = [];

    /// <summary>Whether the behavior's forward bins are real (<c>train_behavior_forward</c>) rather than NaN.</summary>
    public bool HasForwardBehavior { get; private init; }

    /// <summary>Number of trials in <c>train_input.h5</c> (training plus any validation trials carved from them).</summary>
    public int TrainTrialCount => (int)TrainSpikes.shape[0];

    /// <summary>Number of trials in <c>eval_input.h5</c>.</summary>
    public int EvalTrialCount => (int)EvalSpikes.shape[0];

    /// <summary>
    /// Reads a dataset folder: one with <c>dataset.json</c> (written by <c>blend synth</c> / <c>blend import</c>), or
    /// plain NLB files <c>train_input.h5</c> + <c>eval_input.h5</c> (and optionally <c>eval_target.h5</c>).
    /// </summary>
    public static TrainingData Load(string folder, TrainingOptions options) => Load(DatasetSource.Read(folder), options);

    /// <summary>Assembles the files of <paramref name="source"/> into tensors and splits the trials per <paramref name="options"/>' protocol and validation settings.</summary>
    /// <param name="source">The dataset's files, already read.</param>
    /// <param name="options">Supplies the protocol, validation fraction and validation seed.</param>
    /// <exception cref="BlendInputException">The files' shapes do not agree, or the protocol's validation trials are unavailable.</exception>
    public static TrainingData Load(DatasetSource source, TrainingOptions options)
    {
        var train = source.TrainInput;
        var eval = source.EvalInput;
        string trainFile = source.TrainInputPath, evalFile = source.EvalInputPath;
        int trials = train.SpikesHeldin.Trials;
        int heldin = train.SpikesHeldin.Channels, heldout = train.SpikesHeldout.Channels, bins = train.SpikesHeldin.Time;
        int forward = train.SpikesHeldinForward?.Time ?? 0;
        if (trials == 0) throw new BlendInputException($"{trainFile}: {NlbKeys.TrainSpikesHeldin} {train.SpikesHeldin.ShapeText} holds no training trials");
        CheckCounts(source);
        var warnings = SilenceWarnings(source);
        var behavior = train.Behavior is not null && !train.BehaviorIs2D ? train.Behavior : null;
        string? behaviorProblem = null;
        if (behavior is not null && (behavior.Trials != trials || behavior.Time != bins))
        {
            // Only a teacher reads behavior: other models train without it, and a teacher is refused with this line.
            behaviorProblem = $"{trainFile}: {NlbKeys.TrainBehavior} {behavior.ShapeText} does not match {trials} training trials × {bins} bins of {NlbKeys.TrainSpikesHeldin} {train.SpikesHeldin.ShapeText}";
            warnings.Add($"{behaviorProblem}; training without behavior");
            behavior = null;
        }
        var layout = new TrialLayout(heldin, heldout, bins, forward, behavior?.Channels ?? 0);

        if (eval.SpikesHeldin.Channels != heldin || eval.SpikesHeldin.Time != bins)
            throw new BlendInputException(
                $"{evalFile}: eval_spikes_heldin {eval.SpikesHeldin.ShapeText} does not match {trainFile}: train_spikes_heldin {train.SpikesHeldin.ShapeText} (time bins and held-in neurons must agree)");
        if (source.Manifest is { } manifest && (manifest.WindowBins != bins || manifest.ForwardBins != forward))
            throw new BlendInputException(
                $"{source.ManifestPath}: window_bins {manifest.WindowBins} / forward_bins {manifest.ForwardBins} do not match {trainFile} ({bins} main, {forward} forward bins)");
        if (train.BehaviorForward is { } bf && behavior is not null && (bf.Time != forward || bf.Channels != behavior.Channels))
            throw new BlendInputException(
                $"{trainFile}: train_behavior_forward {bf.ShapeText} does not match {forward} forward bins × {behavior.Channels} behavior channels");

        // The eval target's spikes are only read under the reference protocol: a clean run never sees them before scoring.
        bool reference = options.Protocol == SelectionProtocol.Reference;
        var target = reference ? source.Target : null;
        var evalHeldout = eval.SpikesHeldout ?? target?.EvalSpikesHeldout;
        if (evalHeldout is not null && (evalHeldout.Trials != eval.SpikesHeldin.Trials || evalHeldout.Time != bins || evalHeldout.Channels != heldout))
            throw new BlendInputException(
                $"{source.TargetPath ?? evalFile}: eval_spikes_heldout {evalHeldout.ShapeText} does not match {eval.SpikesHeldin.Trials} eval trials × {bins} bins × {heldout} held-out neurons");
        Array3? evalHeldinForward = null, evalHeldoutForward = null;
        if (forward > 0 && target?.EvalSpikesHeldinForward is { } hf && target.EvalSpikesHeldoutForward is { } of)
        {
            if (hf.Trials != eval.SpikesHeldin.Trials || hf.Time != forward || hf.Channels != heldin || of.Channels != heldout)
                throw new BlendInputException(
                    $"{source.TargetPath}: eval_spikes_heldin_forward {hf.ShapeText} / eval_spikes_heldout_forward {of.ShapeText} do not match {eval.SpikesHeldin.Trials} eval trials × {forward} forward bins × {heldin} + {heldout} neurons");
            (evalHeldinForward, evalHeldoutForward) = (hf, of);
        }
        var evalBehaviorMain = eval.Behavior is not null && !eval.BehaviorIs2D ? eval.Behavior
            : source.Target is { EvalBehavior: not null, BehaviorIs2D: false } ? source.Target.EvalBehavior : null;
        if (evalBehaviorMain is not null && (behavior is null || evalBehaviorMain.Channels != behavior.Channels
                                             || evalBehaviorMain.Time != bins || evalBehaviorMain.Trials != eval.SpikesHeldin.Trials))
            evalBehaviorMain = null; // not usable alongside the training behavior; never needed for the student

        int[] trainTrials, validationTrials;
        string description;
        if (reference)
        {
            if (evalHeldout is null)
                throw new BlendInputException(
                    $"{evalFile}: --protocol reference validates on the eval trials, but neither it nor an eval target has eval_spikes_heldout");
            trainTrials = Enumerable.Range(0, trials).ToArray();
            validationTrials = Enumerable.Range(0, eval.SpikesHeldin.Trials).ToArray();
            description = $"{validationTrials.Length} eval trials (reference protocol: model selection on the scored split)";
        }
        else
        {
            (trainTrials, validationTrials, description) = SplitValidation(trials, source, options);
        }

        var trainSpikes = Assemble(layout, trials, train.SpikesHeldin, train.SpikesHeldout, train.SpikesHeldinForward, train.SpikesHeldoutForward);
        var trainBehavior = behavior is null ? null : AssembleBehavior(layout, trials, behavior, train.BehaviorForward);
        var evalSpikes = Assemble(layout, eval.SpikesHeldin.Trials, eval.SpikesHeldin, evalHeldout, evalHeldinForward, evalHeldoutForward);
        var evalBehavior = evalBehaviorMain is null ? null : AssembleBehavior(layout, eval.SpikesHeldin.Trials, evalBehaviorMain,
            eval.BehaviorForward is { } ebf && ebf.Time == forward && ebf.Channels == layout.BehaviorDims ? ebf : null);
        return new TrainingData(source.Name, layout, options.Protocol, trainSpikes, trainBehavior, evalSpikes, evalBehavior,
            trainTrials, validationTrials, description)
        {
            HasForwardBehavior = behavior is not null && train.BehaviorForward is not null,
            BehaviorProblem = behaviorProblem,
            Warnings = warnings,
        };
    }

    /// <summary>Every spike count a model reads or is scored against must be finite and ≥ 0, as <c>blend import</c> and <c>blend evaluate</c> require.</summary>
    private static void CheckCounts(DatasetSource source)
    {
        var train = source.TrainInput;
        string file = source.TrainInputPath;
        CountChecks.FiniteNonNegative(train.SpikesHeldin, file, NlbKeys.TrainSpikesHeldin);
        CountChecks.FiniteNonNegative(train.SpikesHeldout, file, NlbKeys.TrainSpikesHeldout);
        if (train.SpikesHeldinForward is { } hf) CountChecks.FiniteNonNegative(hf, file, NlbKeys.TrainSpikesHeldinForward);
        if (train.SpikesHeldoutForward is { } of) CountChecks.FiniteNonNegative(of, file, NlbKeys.TrainSpikesHeldoutForward);
        CountChecks.FiniteNonNegative(source.EvalInput.SpikesHeldin, source.EvalInputPath, NlbKeys.EvalSpikesHeldin);
        if (source.EvalInput.SpikesHeldout is { } eh) CountChecks.FiniteNonNegative(eh, source.EvalInputPath, NlbKeys.EvalSpikesHeldout);
    }

    /// <summary>Warnings for neurons that never spike in the training trials, or a training set without any spike.</summary>
    private static List<string> SilenceWarnings(DatasetSource source)
    {
        var train = source.TrainInput;
        var warnings = new List<string>();
        var silentIn = CountChecks.SilentNeurons(train.SpikesHeldin);
        var silentOut = CountChecks.SilentNeurons(train.SpikesHeldout);
        if (silentIn.Length == train.SpikesHeldin.Channels && silentOut.Length == train.SpikesHeldout.Channels)
        {
            warnings.Add($"{source.TrainInputPath}: the training trials hold no spike at all: every rate a model learns is a floor, and co-bps cannot be scored meaningfully");
            return warnings;
        }
        static string List(int[] neurons) => string.Join(", ", neurons.Take(8)) + (neurons.Length > 8 ? ", …" : "");
        if (silentIn.Length > 0)
            warnings.Add($"{source.TrainInputPath}: {silentIn.Length} of {train.SpikesHeldin.Channels} held-in neurons never spike in the training trials (columns {List(silentIn)})");
        if (silentOut.Length > 0)
            warnings.Add($"{source.TrainInputPath}: {silentOut.Length} of {train.SpikesHeldout.Channels} held-out neurons never spike in the training trials (columns {List(silentOut)}); their rates can only be learned as a floor");
        return warnings;
    }

    /// <summary>
    /// The validation trials (indices into the training trials) a clean-protocol run with <paramref name="options"/>
    /// selects on, without loading the data into tensors.
    /// </summary>
    public static int[] ValidationTrials(DatasetSource source, TrainingOptions options) =>
        SplitValidation(source.TrainInput.SpikesHeldin.Trials, source, options).Validation;

    private static (int[] Train, int[] Validation, string Description) SplitValidation(int trials, DatasetSource source, TrainingOptions options)
    {
        int[] validation;
        string description;
        if (source.Manifest is { ValidationTrials.Length: > 0 } manifest)
        {
            validation = manifest.ValidationTrials;
            if (validation.Any(t => t < 0 || t >= trials) || validation.Distinct().Count() != validation.Length)
                throw new BlendInputException(
                    $"{source.ManifestPath}: validation_trials must be distinct indices into the {trials} training trials");
            description = $"{validation.Length} of {trials} training trials (the manifest's validation_trials)";
        }
        else
        {
            if (trials < 2)
                throw new BlendInputException(
                    $"{source.TrainInputPath}: {trials} training trial{(trials == 1 ? "" : "s")}: need at least 2, one to train on and one to validate (training.validation_fraction {options.ValidationFraction.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
            int count = (int)Math.Round(options.ValidationFraction * trials);
            count = Math.Clamp(count, 1, trials - 1);
            validation = SeededShuffle.Permutation(trials, options.ValidationSeed).Take(count).Order().ToArray();
            description = $"{count} of {trials} training trials (random {options.ValidationFraction:P0}, validation_seed {options.ValidationSeed})";
        }
        var isValidation = new bool[trials];
        foreach (int t in validation) isValidation[t] = true;
        if (validation.Length == trials)
            throw new BlendInputException($"{source.ManifestPath}: validation_trials lists every training trial; none left to train on");
        return (Enumerable.Range(0, trials).Where(t => !isValidation[t]).ToArray(), validation.Order().ToArray(), description);
    }

    /// <summary>[main ; forward] × [held-in ; held-out] as B × (T + F) × N float32; parts that are null stay NaN.</summary>
    private static Tensor Assemble(TrialLayout layout, int trials, Array3? heldin, Array3? heldout, Array3? heldinForward, Array3? heldoutForward)
    {
        int bins = layout.Bins, neurons = layout.Neurons;
        var values = new float[(long)trials * bins * neurons];
        Array.Fill(values, float.NaN);
        void Put(Array3? part, int timeOffset, int channelOffset)
        {
            if (part is null) return;
            for (int trial = 0; trial < trials; trial++)
                for (int t = 0; t < part.Time; t++)
                {
                    var source = part.Bin(trial, t);
                    long start = ((long)trial * bins + timeOffset + t) * neurons + channelOffset;
                    for (int c = 0; c < source.Length; c++) values[start + c] = (float)source[c];
                }
        }
        Put(heldin, 0, 0);
        Put(heldout, 0, layout.HeldinNeurons);
        Put(heldinForward, layout.MainBins, 0);
        Put(heldoutForward, layout.MainBins, layout.HeldinNeurons);
        return tensor(values, [trials, bins, neurons]).DetachFromDisposeScope();
    }

    private static Tensor AssembleBehavior(TrialLayout layout, int trials, Array3 main, Array3? forward)
    {
        int bins = layout.Bins, dims = layout.BehaviorDims;
        var values = new float[(long)trials * bins * dims];
        Array.Fill(values, float.NaN);
        for (int trial = 0; trial < trials; trial++)
            for (int t = 0; t < bins; t++)
            {
                var part = t < layout.MainBins ? main : forward;
                if (part is null) continue;
                var source = part.Bin(trial, t < layout.MainBins ? t : t - layout.MainBins);
                long start = ((long)trial * bins + t) * dims;
                for (int c = 0; c < dims; c++) values[start + c] = (float)source[c];
            }
        return tensor(values, [trials, bins, dims]).DetachFromDisposeScope();
    }

    /// <summary>Disposes the spike and behavior tensors (shared by <see cref="Train"/> and <see cref="Validation"/>).</summary>
    public void Dispose()
    {
        TrainSpikes.Dispose();
        TrainBehavior?.Dispose();
        EvalSpikes.Dispose();
        EvalBehavior?.Dispose();
    }
}
