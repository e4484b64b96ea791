using static Blend.Data.NlbKeys;

namespace Blend.Data;

/// <summary>
/// nlb_tools' <c>eval_input.h5</c> (make_eval_input_tensors): held-in spikes of the evaluation trials, with NaN kept,
/// and held-out spikes when the split has them (not for 'test'). Optional <c>eval_behavior</c> and BLEND's
/// <c>eval_behavior_forward</c> are read and written when present.
/// </summary>
public sealed class NlbEvalInput
{
    /// <summary><c>eval_spikes_heldin</c>.</summary>
    public required Array3 SpikesHeldin { get; init; }

    /// <summary><c>eval_spikes_heldout</c> (absent for the test split).</summary>
    public Array3? SpikesHeldout { get; init; }

    /// <summary><c>eval_behavior</c> (optional; 2-D trials × columns held as trials × 1 × columns when
    /// <see cref="BehaviorIs2D"/>).</summary>
    public Array3? Behavior { get; init; }

    /// <summary>Whether <see cref="Behavior"/> is stored as a 2-D trials × columns dataset.</summary>
    public bool BehaviorIs2D { get; init; }

    /// <summary><c>eval_behavior_forward</c> (optional, BLEND).</summary>
    public Array3? BehaviorForward { get; init; }

    /// <summary>Reads and validates an <c>eval_input.h5</c>; optional arrays absent from the file are null.</summary>
    public static NlbEvalInput Read(string path)
    {
        using var reader = Hdf5Reader.Open(path);
        bool is2D = false;
        var input = new NlbEvalInput
        {
            SpikesHeldin = reader.ReadArray3(EvalSpikesHeldin),
            SpikesHeldout = reader.Exists(EvalSpikesHeldout) ? reader.ReadArray3(EvalSpikesHeldout) : null,
            Behavior = reader.Exists(EvalBehavior) ? reader.ReadArray2Or3(EvalBehavior, out is2D) : null,
            BehaviorIs2D = is2D,
            BehaviorForward = reader.Exists(EvalBehaviorForward) ? reader.ReadArray3(EvalBehaviorForward) : null,
        };
        input.Validate(path);
        return input;
    }

    /// <summary>Validates, then writes the file atomically, arrays as float32.</summary>
    public void Write(string path)
    {
        Validate(path);
        var writer = new NlbFileWriter();
        writer.AddFloat32(EvalSpikesHeldin, SpikesHeldin);
        if (SpikesHeldout is not null) writer.AddFloat32(EvalSpikesHeldout, SpikesHeldout);
        if (Behavior is not null) writer.AddBehavior(EvalBehavior, Behavior, BehaviorIs2D);
        if (BehaviorForward is not null) writer.AddFloat32(EvalBehaviorForward, BehaviorForward);
        writer.Write(path);
    }

    /// <summary>Throws <see cref="NlbFileException"/> when required arrays are missing or shapes do not fit together.</summary>
    public void Validate(string file)
    {
        var check = new NlbShapeChecks(file, "/");
        if (SpikesHeldin is null) throw check.Missing(EvalSpikesHeldin);
        check.SameTrialsAndTime(EvalSpikesHeldout, SpikesHeldout, EvalSpikesHeldin, SpikesHeldin);
        check.SameTrials(EvalBehavior, Behavior, EvalSpikesHeldin, SpikesHeldin);
        check.Behavior2D(EvalBehavior, Behavior, BehaviorIs2D);
        check.SameTrials(EvalBehaviorForward, BehaviorForward, EvalSpikesHeldin, SpikesHeldin);
    }
}
