namespace Blend.Data.Identity;

/// <summary>
/// NeuPRINT's preprocessing of one session: per-neuron z-scored activity, the five population
/// channels and the two neighbour channels, all neuron- or channel-major in float32. The population and neighbour
/// statistics are taken over the stored float32 z-scores, so they are exactly the statistics of
/// <see cref="IdentitySession.Activity"/>.
/// </summary>
public static class SessionPreprocessing
{
    /// <summary>
    /// Preprocesses one session: z-scores each neuron's activity over all frames, resamples running speed and pupil size
    /// to the frame times, and computes the population and neighbour channels. <paramref name="neuronIds"/> gives the
    /// identity of each activity column (from <see cref="IdentityAssignment.Add"/>).
    /// </summary>
    public static IdentitySession Build(BugeonSessionData data, int[] neuronIds, IdentityLoadOptions options)
    {
        if (neuronIds.Length != data.Neurons)
            throw new ArgumentException($"{neuronIds.Length} identities for {data.Neurons} neurons", nameof(neuronIds));
        int frames = data.Frames;
        var activity = ZScoring.NeuronsOverFrames(data.Activity, frames, data.Neurons, out var nonFinite, out var constant);
        var neighbours = NeighbourChannels.Compute(activity, frames, NeighbourChannels.Within(data.Positions, options.NeighbourRadius));
        return new IdentitySession
        {
            Mouse = data.Folder.Mouse,
            Date = data.Folder.Date,
            Folder = data.Folder.Folder,
            Frames = frames,
            NeuronCount = data.Neurons,
            Activity = activity,
            Population = Population(data, activity, options.ReferenceResamplingQuirks),
            Neighbours = neighbours,
            NeuronIds = neuronIds,
            FrameTimes = data.FrameTimes,
            Warnings = Warnings(data, nonFinite, constant),
        };
    }

    /// <summary>Traces that z-score to 0 (NeuPRINT's handling, kept): said, because such a neuron's Φ learns nothing from its own activity.</summary>
    private static string[] Warnings(BugeonSessionData data, int[] nonFinite, int[] constant)
    {
        static string Columns(int[] columns) => string.Join(", ", columns.Take(8)) + (columns.Length > 8 ? $", … ({columns.Length - 8} more)" : "");
        var warnings = new List<string>();
        string file = data.Folder.Activity;
        if (constant.Length == data.Neurons)
            warnings.Add($"{file}: every one of the {data.Neurons} neurons is constant over all {data.Frames} frames (an empty or all-zero recording?): their traces are 0 after z-scoring");
        else if (constant.Length > 0)
            warnings.Add($"{file}: {constant.Length} of {data.Neurons} neurons are constant over all frames (columns {Columns(constant)}): their traces are 0 after z-scoring");
        if (nonFinite.Length > 0)
            warnings.Add($"{file}: {nonFinite.Length} of {data.Neurons} neurons have NaN or infinite values (columns {Columns(nonFinite)}): their traces are set to 0, as NeuPRINT does");
        return [.. warnings];
    }

    /// <summary>
    /// Channels in <see cref="PopulationChannel"/> order. Mean and SD are over <em>all</em> the session's neurons,
    /// the target neuron included, as the reference (not leave-one-out).
    /// </summary>
    private static float[] Population(BugeonSessionData data, float[] activity, bool referenceQuirks)
    {
        int frames = data.Frames;
        var population = new float[PopulationChannel.Count * frames];
        Span<float> Channel(int channel) => population.AsSpan(channel * frames, frames);

        Copy(BehaviorResampling.ZScoredAtFrames(data.Running, data.FrameTimes, referenceQuirks), Channel(PopulationChannel.Running));
        Copy(BehaviorResampling.ZScoredAtFrames(data.Eye, data.FrameTimes, referenceQuirks), Channel(PopulationChannel.Pupil));
        Copy(data.States, Channel(PopulationChannel.State));
        var everyNeuron = Enumerable.Range(0, data.Neurons).ToArray();
        new FrameStatistics(frames).MeanAndStd(activity, everyNeuron, Channel(PopulationChannel.Mean), Channel(PopulationChannel.Std));
        return population;
    }

    private static void Copy(ReadOnlySpan<double> source, Span<float> target)
    {
        for (int i = 0; i < source.Length; i++) target[i] = (float)source[i];
    }
}
