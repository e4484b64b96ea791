using static TorchSharp.torch;
using Blend.Data;

namespace Blend.Training.Identity;

/// <summary>
/// Draws NeuPRINT batches as its released code does: one session uniformly, n neurons with replacement — a
/// <c>record_fraction</c> share from record neurons and the rest from the others (all from one group when the
/// other is empty), or uniformly over all its neurons — and B distinct window starts in [first, last − W]. Host draws come from a seeded
/// <see cref="TrainingRandom"/>, masks from a seeded torch generator, so a seed fixes every batch.
/// </summary>
public sealed class NeuprintBatchSampler
{
    private readonly IReadOnlyList<SessionTensors> _sessions;
    private readonly NeuprintTrainingOptions _options;
    private readonly bool _heldOutTime;
    private readonly bool _uniformNeurons;
    private TrainingRandom _random;
    private readonly Generator _maskGenerator;

    /// <param name="sessions">The sessions to draw from.</param>
    /// <param name="options">Neurons, windows, window length, record fraction, mask ratio and span, time split.</param>
    /// <param name="heldOutTime">Draw windows from the last (1 − train_fraction) of frames (validation) instead of the first.</param>
    /// <param name="seed">Fixes the sequence of batches.</param>
    /// <param name="uniformNeurons">Sample every neuron of the session with equal probability (ignore record_fraction).</param>
    public NeuprintBatchSampler(IReadOnlyList<SessionTensors> sessions, NeuprintTrainingOptions options, bool heldOutTime, long seed, bool uniformNeurons = false)
    {
        _uniformNeurons = uniformNeurons;
        if (sessions.Count == 0) throw new BlendInputException("neuprint: no sessions to train on");
        _sessions = sessions;
        _options = options;
        _heldOutTime = heldOutTime;
        _random = TrainingRandom.For(seed, heldOutTime ? "neuprint-validation-batches" : "neuprint-batches");
        _maskGenerator = new Generator((ulong)TrainingRandom.For(seed, "neuprint-masks").NextUInt64() >> 1);
        foreach (var session in sessions) CheckWindowsFit(session.Session, options, heldOutTime);
    }

    /// <summary>[first, last) frames windows may cover: the first floor(train_fraction·T) frames, or the rest.</summary>
    public (int First, int Last) FrameRange(int frames) => FrameRange(frames, _options, _heldOutTime);

    private static (int First, int Last) FrameRange(int frames, NeuprintTrainingOptions options, bool heldOutTime)
    {
        int split = (int)Math.Floor(options.TrainFraction * frames);
        return heldOutTime ? (split, frames) : (0, split);
    }

    /// <summary>Refuses a session whose training (or held-out) frames cannot hold windows_per_step distinct windows.</summary>
    public static void CheckWindowsFit(Data.Identity.IdentitySession session, NeuprintTrainingOptions options, bool heldOutTime)
    {
        var (first, last) = FrameRange(session.Frames, options, heldOutTime);
        if (last - first - options.Window + 1 < options.WindowsPerStep)
            throw new BlendInputException(
                $"{session.Folder}: {session.Frames} frames leave {last - first} {(heldOutTime ? "held-out" : "training")} frames, " +
                $"too few for {options.WindowsPerStep} distinct windows of {options.Window} frames (lower training.window or training.windows_per_step)");
    }

    /// <summary>Where the sampler's two streams are (the host stream's state, the mask generator's state), for a checkpoint.</summary>
    public (ulong Random, Tensor Masks) CaptureState() => (_random.State, _maskGenerator.get_state());

    /// <summary>Continues from a state <see cref="CaptureState"/> took: the same batches follow as after the capture.</summary>
    public void RestoreState(ulong random, Tensor masks)
    {
        _random = new TrainingRandom(random);
        _maskGenerator.set_state(masks);
    }

    /// <summary>Draws the next batch: one session, n neurons and B windows of W frames from its training (or held-out) frames, masked.</summary>
    public NeuprintBatch Next()
    {
        var session = _sessions[_random.Below(_sessions.Count)];
        int[] columns = SampleColumns(session);
        int[] starts = SampleStarts(session.Session.Frames);
        using var scope = NewDisposeScope();
        var index = tensor(columns.Select(c => (long)c).ToArray(), ScalarType.Int64);
        var activity = session.Activity.index_select(0, index);
        var neighbours = session.Neighbours.index_select(0, index);
        var window = _options.Window;
        var activityWindows = stack(starts.Select(s => activity.narrow(1, s, window)).ToArray());
        var populationWindows = stack(starts.Select(s => session.Population.narrow(1, s, window)).ToArray());
        var neighbourWindows = stack(starts.Select(s => neighbours.narrow(2, s, window)).ToArray());
        var (masked, mask) = ActivityMasker.Apply(activityWindows, _options.MaskRatio, _options.MaskSpan, _maskGenerator);
        var batch = new NeuprintBatch(activityWindows, masked, mask, session.Ids.index_select(0, index), populationWindows, neighbourWindows);
        return new NeuprintBatch(
            batch.Activity.MoveToOuterDisposeScope(), batch.MaskedActivity.MoveToOuterDisposeScope(), batch.Mask.MoveToOuterDisposeScope(),
            batch.Ids.MoveToOuterDisposeScope(), batch.Population.MoveToOuterDisposeScope(), batch.Neighbours.MoveToOuterDisposeScope());
    }

    private int[] SampleColumns(SessionTensors session)
    {
        int total = _options.NeuronsPerStep;
        if (_uniformNeurons)
        {
            var all = new int[total];
            for (int k = 0; k < total; k++) all[k] = _random.Below(session.Session.NeuronCount);
            return all;
        }
        int fromRecord = session.RecordColumns.Length == 0 ? 0
            : session.OtherColumns.Length == 0 ? total
            : (int)Math.Round(_options.RecordFraction * total);
        var columns = new int[total];
        for (int k = 0; k < total; k++)
        {
            var pool = k < fromRecord ? session.RecordColumns : session.OtherColumns;
            columns[k] = pool[_random.Below(pool.Length)];
        }
        return columns;
    }

    private int[] SampleStarts(int frames)
    {
        var (first, last) = FrameRange(frames);
        int candidates = last - first - _options.Window + 1;
        var starts = new List<int>(_options.WindowsPerStep);
        while (starts.Count < _options.WindowsPerStep)
        {
            int start = first + _random.Below(candidates);
            if (!starts.Contains(start)) starts.Add(start);
        }
        return [.. starts];
    }
}
