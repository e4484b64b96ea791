using static Blend.Data.NlbKeys;

namespace Blend.Data;

/// <summary>
/// nlb_tools' <c>train_input.h5</c> (make_train_input_tensors): held-in and held-out spikes of the training trials,
/// optionally behaviour and forward-prediction spikes, plus BLEND's optional <c>train_behavior_forward</c>.
/// All arrays are trials × time × channels with the same trial order.
/// </summary>
public sealed class NlbTrainInput
{
    /// <summary><c>train_spikes_heldin</c>.</summary>
    public required Array3 SpikesHeldin { get; init; }

    /// <summary><c>train_spikes_heldout</c>.</summary>
    public required Array3 SpikesHeldout { get; init; }

    /// <summary><c>train_behavior</c> (optional). For dmfc_rsg it is 2-D (trials × columns): then it is held as
    /// trials × 1 × columns and <see cref="BehaviorIs2D"/> is true.</summary>
    public Array3? Behavior { get; init; }

    /// <summary>Whether <see cref="Behavior"/> is stored as a 2-D trials × columns dataset.</summary>
    public bool BehaviorIs2D { get; init; }

    /// <summary><c>train_spikes_heldin_forward</c> (optional, together with the held-out one).</summary>
    public Array3? SpikesHeldinForward { get; init; }

    /// <summary><c>train_spikes_heldout_forward</c> (optional, together with the held-in one).</summary>
    public Array3? SpikesHeldoutForward { get; init; }

    /// <summary><c>train_behavior_forward</c>: BLEND's extra key (optional).</summary>
    public Array3? BehaviorForward { get; init; }

    /// <summary>Reads and validates a <c>train_input.h5</c>; optional arrays absent from the file are null.</summary>
    public static NlbTrainInput Read(string path)
    {
        using var reader = Hdf5Reader.Open(path);
        Array3? Optional(string key) => reader.Exists(key) ? reader.ReadArray3(key) : null;
        bool is2D = false;
        var input = new NlbTrainInput
        {
            SpikesHeldin = reader.ReadArray3(TrainSpikesHeldin),
            SpikesHeldout = reader.ReadArray3(TrainSpikesHeldout),
            Behavior = reader.Exists(TrainBehavior) ? reader.ReadArray2Or3(TrainBehavior, out is2D) : null,
            BehaviorIs2D = is2D,
            SpikesHeldinForward = Optional(TrainSpikesHeldinForward),
            SpikesHeldoutForward = Optional(TrainSpikesHeldoutForward),
            BehaviorForward = Optional(TrainBehaviorForward),
        };
        input.Validate(path);
        return input;
    }

    /// <summary>Validates, then writes the file atomically, arrays as float32.</summary>
    public void Write(string path)
    {
        Validate(path);
        var writer = new NlbFileWriter();
        writer.AddFloat32(TrainSpikesHeldin, SpikesHeldin).AddFloat32(TrainSpikesHeldout, SpikesHeldout);
        if (Behavior is not null) writer.AddBehavior(TrainBehavior, Behavior, BehaviorIs2D);
        if (SpikesHeldinForward is not null) writer.AddFloat32(TrainSpikesHeldinForward, SpikesHeldinForward);
        if (SpikesHeldoutForward is not null) writer.AddFloat32(TrainSpikesHeldoutForward, SpikesHeldoutForward);
        if (BehaviorForward is not null) writer.AddFloat32(TrainBehaviorForward, BehaviorForward);
        writer.Write(path);
    }

    /// <summary>Throws <see cref="NlbFileException"/> when required arrays are missing or shapes do not fit together.</summary>
    public void Validate(string file)
    {
        var check = new NlbShapeChecks(file, "/");
        if (SpikesHeldin is null) throw check.Missing(TrainSpikesHeldin);
        if (SpikesHeldout is null) throw check.Missing(TrainSpikesHeldout);
        check.SameTrialsAndTime(TrainSpikesHeldout, SpikesHeldout, TrainSpikesHeldin, SpikesHeldin);
        check.SameTrials(TrainBehavior, Behavior, TrainSpikesHeldin, SpikesHeldin);
        check.Behavior2D(TrainBehavior, Behavior, BehaviorIs2D);
        if ((SpikesHeldinForward is null) != (SpikesHeldoutForward is null))
            throw SpikesHeldinForward is null
                ? check.Error(TrainSpikesHeldinForward, $"missing while {check.Key(TrainSpikesHeldoutForward)} is present")
                : check.Error(TrainSpikesHeldoutForward, $"missing while {check.Key(TrainSpikesHeldinForward)} is present");
        check.SameTrials(TrainSpikesHeldinForward, SpikesHeldinForward, TrainSpikesHeldin, SpikesHeldin);
        check.SameChannels(TrainSpikesHeldinForward, SpikesHeldinForward, TrainSpikesHeldin, SpikesHeldin);
        check.SameTrialsAndTime(TrainSpikesHeldoutForward, SpikesHeldoutForward, TrainSpikesHeldinForward, SpikesHeldinForward);
        check.SameChannels(TrainSpikesHeldoutForward, SpikesHeldoutForward, TrainSpikesHeldout, SpikesHeldout);
        check.SameTrials(TrainBehaviorForward, BehaviorForward, TrainSpikesHeldin, SpikesHeldin);
    }
}
