using K = Blend.Data.NlbKeys;

namespace Blend.Data;

/// <summary>
/// One dataset's group in nlb_tools' <c>eval_target.h5</c> (make_eval_target_tensors), e.g. <c>/mc_maze</c> or
/// <c>/mc_maze_20</c>. Only <c>eval_spikes_heldout</c> is required; the rest are read and written when present.
/// </summary>
public sealed class NlbDatasetTarget
{
    /// <summary><c>eval_spikes_heldout</c>: held-out spikes of the eval trials (NaN rows dropped by nlb_tools).</summary>
    public required Array3 EvalSpikesHeldout { get; init; }

    /// <summary><c>train_behavior</c>: trials × time × columns, or 2-D trials × columns (dmfc_rsg) held as trials × 1 ×
    /// columns with <see cref="BehaviorIs2D"/> set.</summary>
    public Array3? TrainBehavior { get; init; }

    /// <summary><c>eval_behavior</c>, shaped like <see cref="TrainBehavior"/>.</summary>
    public Array3? EvalBehavior { get; init; }

    /// <summary>Whether the behaviour arrays are stored as 2-D trials × columns datasets (both the same).</summary>
    public bool BehaviorIs2D { get; init; }

    /// <summary><c>eval_spikes_heldin_forward</c>.</summary>
    public Array3? EvalSpikesHeldinForward { get; init; }

    /// <summary><c>eval_spikes_heldout_forward</c>.</summary>
    public Array3? EvalSpikesHeldoutForward { get; init; }

    /// <summary><c>train_decode_mask</c>: train trials × masks (area2_bump: separate decoders per mask).</summary>
    public bool[,]? TrainDecodeMask { get; init; }

    /// <summary><c>eval_decode_mask</c>: eval trials × masks.</summary>
    public bool[,]? EvalDecodeMask { get; init; }

    /// <summary><c>psth</c>: conditions × time × neurons (held-in then held-out), NaN-padded at the end.</summary>
    public Array3? Psth { get; init; }

    /// <summary><c>eval_cond_idx</c>: for each PSTH condition, positions of its trials in the eval-trial list.</summary>
    public int[][]? EvalCondIdx { get; init; }

    /// <summary><c>train_cond_idx</c>: for each PSTH condition, positions of its trials in the train-trial list.</summary>
    public int[][]? TrainCondIdx { get; init; }

    /// <summary><c>eval_jitter</c>: one integer shift (in bins) per eval trial.</summary>
    public int[]? EvalJitter { get; init; }

    /// <summary><c>train_jitter</c>: one integer shift (in bins) per train trial.</summary>
    public int[]? TrainJitter { get; init; }

    internal static NlbDatasetTarget Read(Hdf5Reader reader, string group)
    {
        string Key(string name) => $"{group}/{name}";
        Array3? Optional(string name) => reader.Exists(Key(name)) ? reader.ReadArray3(Key(name)) : null;
        bool trainIs2D = false, evalIs2D = false;
        var target = new NlbDatasetTarget
        {
            EvalSpikesHeldout = reader.ReadArray3(Key(K.EvalSpikesHeldout)),
            TrainBehavior = reader.Exists(Key(K.TrainBehavior)) ? reader.ReadArray2Or3(Key(K.TrainBehavior), out trainIs2D) : null,
            EvalBehavior = reader.Exists(Key(K.EvalBehavior)) ? reader.ReadArray2Or3(Key(K.EvalBehavior), out evalIs2D) : null,
            BehaviorIs2D = trainIs2D || evalIs2D,
            EvalSpikesHeldinForward = Optional(K.EvalSpikesHeldinForward),
            EvalSpikesHeldoutForward = Optional(K.EvalSpikesHeldoutForward),
            TrainDecodeMask = reader.Exists(Key(K.TrainDecodeMask)) ? reader.ReadBoolMatrix(Key(K.TrainDecodeMask)) : null,
            EvalDecodeMask = reader.Exists(Key(K.EvalDecodeMask)) ? reader.ReadBoolMatrix(Key(K.EvalDecodeMask)) : null,
            Psth = Optional(K.Psth),
            EvalCondIdx = reader.Exists(Key(K.EvalCondIdx)) ? reader.ReadJaggedInt32(Key(K.EvalCondIdx)) : null,
            TrainCondIdx = reader.Exists(Key(K.TrainCondIdx)) ? reader.ReadJaggedInt32(Key(K.TrainCondIdx)) : null,
            EvalJitter = reader.Exists(Key(K.EvalJitter)) ? reader.ReadInt32Vector(Key(K.EvalJitter)) : null,
            TrainJitter = reader.Exists(Key(K.TrainJitter)) ? reader.ReadInt32Vector(Key(K.TrainJitter)) : null,
        };
        if (target.TrainBehavior is not null && target.EvalBehavior is not null && trainIs2D != evalIs2D)
            throw reader.Error(Key(trainIs2D ? K.TrainBehavior : K.EvalBehavior),
                $"is 2-D (trials × columns) but {Key(trainIs2D ? K.EvalBehavior : K.TrainBehavior)} is 3-D; both behaviour arrays must have the same rank");
        target.Validate(reader.FilePath, group);
        return target;
    }

    internal void AddTo(NlbFileWriter writer, string group)
    {
        string Key(string name) => $"{group}/{name}";
        writer.AddFloat32(Key(K.EvalSpikesHeldout), EvalSpikesHeldout);
        if (TrainBehavior is not null) writer.AddBehavior(Key(K.TrainBehavior), TrainBehavior, BehaviorIs2D);
        if (EvalBehavior is not null) writer.AddBehavior(Key(K.EvalBehavior), EvalBehavior, BehaviorIs2D);
        if (EvalSpikesHeldinForward is not null) writer.AddFloat32(Key(K.EvalSpikesHeldinForward), EvalSpikesHeldinForward);
        if (EvalSpikesHeldoutForward is not null) writer.AddFloat32(Key(K.EvalSpikesHeldoutForward), EvalSpikesHeldoutForward);
        if (TrainDecodeMask is not null) writer.AddBool(Key(K.TrainDecodeMask), TrainDecodeMask);
        if (EvalDecodeMask is not null) writer.AddBool(Key(K.EvalDecodeMask), EvalDecodeMask);
        if (Psth is not null) writer.AddFloat32(Key(K.Psth), Psth);
        if (EvalCondIdx is not null) writer.AddJaggedInt32(Key(K.EvalCondIdx), EvalCondIdx);
        if (TrainCondIdx is not null) writer.AddJaggedInt32(Key(K.TrainCondIdx), TrainCondIdx);
        if (EvalJitter is not null) writer.AddInt32(Key(K.EvalJitter), EvalJitter);
        if (TrainJitter is not null) writer.AddInt32(Key(K.TrainJitter), TrainJitter);
    }

    /// <summary>
    /// Throws <see cref="NlbFileException"/> (naming <paramref name="file"/> and the key under
    /// <paramref name="group"/>) when a required array is missing or related shapes disagree.
    /// </summary>
    public void Validate(string file, string group)
    {
        var check = new NlbShapeChecks(file, Hdf5Reader.Normalize(group));
        if (EvalSpikesHeldout is null) throw check.Missing(K.EvalSpikesHeldout);
        int evalTrials = EvalSpikesHeldout.Trials;

        check.SameTrials(K.EvalBehavior, EvalBehavior, K.EvalSpikesHeldout, EvalSpikesHeldout);
        check.Behavior2D(K.TrainBehavior, TrainBehavior, BehaviorIs2D);
        check.Behavior2D(K.EvalBehavior, EvalBehavior, BehaviorIs2D);
        check.SameChannels(K.EvalBehavior, EvalBehavior, K.TrainBehavior, TrainBehavior);

        check.BothOrNeither(K.EvalSpikesHeldinForward, EvalSpikesHeldinForward, K.EvalSpikesHeldoutForward, EvalSpikesHeldoutForward);
        check.SameTrials(K.EvalSpikesHeldinForward, EvalSpikesHeldinForward, K.EvalSpikesHeldout, EvalSpikesHeldout);
        check.SameTrialsAndTime(K.EvalSpikesHeldoutForward, EvalSpikesHeldoutForward, K.EvalSpikesHeldinForward, EvalSpikesHeldinForward);
        check.SameChannels(K.EvalSpikesHeldoutForward, EvalSpikesHeldoutForward, K.EvalSpikesHeldout, EvalSpikesHeldout);

        check.BothOrNeither(K.TrainDecodeMask, TrainDecodeMask, K.EvalDecodeMask, EvalDecodeMask);
        if (EvalDecodeMask is not null && TrainDecodeMask is not null)
        {
            check.Rows(K.EvalDecodeMask, EvalDecodeMask.GetLength(0), K.EvalSpikesHeldout, evalTrials);
            if (TrainBehavior is not null) check.Rows(K.TrainDecodeMask, TrainDecodeMask.GetLength(0), K.TrainBehavior, TrainBehavior.Trials);
            if (TrainDecodeMask.GetLength(1) != EvalDecodeMask.GetLength(1))
                throw check.Error(K.TrainDecodeMask, $"has {TrainDecodeMask.GetLength(1)} masks but {check.Key(K.EvalDecodeMask)} has {EvalDecodeMask.GetLength(1)}");
        }

        if (Psth is not null)
        {
            int neurons = EvalSpikesHeldout.Channels + (EvalSpikesHeldinForward?.Channels ?? 0);
            if (EvalSpikesHeldinForward is not null ? Psth.Channels != neurons : Psth.Channels < neurons)
                throw check.Error(K.Psth, $"has {Psth.Channels} neurons {Psth.ShapeText} but the held-in and held-out spikes have {neurons} together");
            if (EvalCondIdx is not null && EvalCondIdx.Length != Psth.Trials)
                throw check.Error(K.EvalCondIdx, $"has {EvalCondIdx.Length} conditions but {check.Key(K.Psth)} has {Psth.Trials} {Psth.ShapeText}");
            if (TrainCondIdx is not null && TrainCondIdx.Length != Psth.Trials)
                throw check.Error(K.TrainCondIdx, $"has {TrainCondIdx.Length} conditions but {check.Key(K.Psth)} has {Psth.Trials} {Psth.ShapeText}");
        }
        if (EvalCondIdx is not null) check.Indices(K.EvalCondIdx, EvalCondIdx, evalTrials);
        if (TrainCondIdx is not null) check.Indices(K.TrainCondIdx, TrainCondIdx, TrainBehavior?.Trials ?? TrainDecodeMask?.GetLength(0));
        if (EvalJitter is not null) check.Rows(K.EvalJitter, EvalJitter.Length, K.EvalSpikesHeldout, evalTrials, "entries");
        if (TrainJitter is not null && TrainBehavior is not null) check.Rows(K.TrainJitter, TrainJitter.Length, K.TrainBehavior, TrainBehavior.Trials, "entries");
    }
}
