using Blend.Data;

namespace Blend.Tests.Data;

/// <summary>Recordings, baselines and checks shared by the import tests.</summary>
internal static class ImportTestData
{
    /// <summary>A real recording in the repository's recordings/ folder (its README says where each came from).</summary>
    public static string RealData(string file) => Path.Combine(NlbTestFiles.RepoRoot, "recordings", file);

    public static string BuddySpikes => RealData("buddy_spikes.npy");
    public static string BuddyPosition => RealData("buddy_position.npy");
    public static string ChewieSpikes => RealData("chewie_spikes.npy");
    public static string ChewieVelocity => RealData("chewie_velocity.npy");

    /// <summary>A time × neurons recording whose every value says where it came from: 100·row + column (exact in float32).</summary>
    public static RowMatrix Labelled(int rows, int columns)
    {
        var matrix = new RowMatrix(rows, columns);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) matrix[r, c] = 100 * r + c;
        return matrix;
    }

    /// <summary>
    /// The simplest real submission: every neuron's mean count per bin over the training windows (train and
    /// validation), predicted as a constant everywhere.
    /// </summary>
    public static NlbSubmission MeanRateBaseline(DatasetFileSet dataset)
    {
        var train = dataset.TrainInput;
        var eval = dataset.EvalInput;
        double[] heldinMean = ChannelMeans(train.SpikesHeldin), heldoutMean = ChannelMeans(train.SpikesHeldout);
        Array3 Constant(Array3 like, double[] means)
        {
            var array = new Array3(like.Trials, like.Time, means.Length);
            for (int trial = 0; trial < array.Trials; trial++)
                for (int t = 0; t < array.Time; t++) means.CopyTo(array.Bin(trial, t));
            return array;
        }
        var forward = dataset.EvalTarget![dataset.Manifest.Name].EvalSpikesHeldinForward;
        var rates = new NlbDatasetRates
        {
            TrainRatesHeldin = Constant(train.SpikesHeldin, heldinMean),
            TrainRatesHeldout = Constant(train.SpikesHeldout, heldoutMean),
            EvalRatesHeldin = Constant(eval.SpikesHeldin, heldinMean),
            EvalRatesHeldout = Constant(eval.SpikesHeldin, heldoutMean),
            EvalRatesHeldinForward = forward is null ? null : Constant(forward, heldinMean),
            EvalRatesHeldoutForward = forward is null ? null : Constant(forward, heldoutMean),
        };
        return new NlbSubmission(dataset.Manifest.Name, rates);
    }

    private static double[] ChannelMeans(Array3 spikes)
    {
        var sums = new double[spikes.Channels];
        for (int bin = 0; bin < spikes.Rows; bin++)
        {
            var values = spikes.Values.AsSpan(bin * spikes.Channels, spikes.Channels);
            for (int c = 0; c < sums.Length; c++) sums[c] += values[c];
        }
        return sums.Select(s => s / spikes.Rows).ToArray();
    }

    /// <summary>
    /// Puts every split's windows (main + forward bins, held-in and held-out neurons back in their original columns)
    /// back into continuous time with <see cref="Chopping.Merge"/>, and checks the bins they cover against the
    /// (rebinned) recording. Returns how many bins were compared.
    /// </summary>
    public static int AssertWindowsMergeBackToRecording(DatasetFileSet dataset, RowMatrix recording)
    {
        var m = dataset.Manifest;
        var target = dataset.EvalTarget![m.Name];
        var train = dataset.TrainInput;
        var isValidation = new bool[train.SpikesHeldin.Trials];
        foreach (int trial in m.ValidationTrials) isValidation[trial] = true;
        var isTrain = isValidation.Select(v => !v).ToArray();

        Array3 Full(Array3 main, Array3? forward) => forward is null ? main : Array3.ConcatTime(main, forward);
        var trainHeldin = Full(train.SpikesHeldin, train.SpikesHeldinForward);
        var trainHeldout = Full(train.SpikesHeldout, train.SpikesHeldoutForward);
        var windows = new[]
        {
            (m.Splits!.Train, trainHeldin.SelectTrials(isTrain), trainHeldout.SelectTrials(isTrain)),
            (m.Splits.Validation, trainHeldin.SelectTrials(isValidation), trainHeldout.SelectTrials(isValidation)),
            (m.Splits.Eval, Full(dataset.EvalInput.SpikesHeldin, target.EvalSpikesHeldinForward),
                Full(target.EvalSpikesHeldout, target.EvalSpikesHeldoutForward)),
        };
        int compared = 0;
        foreach (var (split, heldin, heldout) in windows)
        {
            Assert.Equal(split.WindowStarts.Length, heldin.Trials);
            var merged = Chopping.Merge(Array3.ConcatChannels(heldin, heldout), split.OverlapBins, split.Bins);
            int[] columns = [.. m.HeldinNeurons, .. m.HeldoutNeurons];
            int covered = split.WindowStarts[^1] + m.WindowBins + m.ForwardBins - split.StartBin;
            for (int row = 0; row < split.Bins; row++)
                for (int i = 0; i < columns.Length; i++)
                {
                    double got = merged[row, i];
                    if (row >= covered)
                    {
                        Assert.True(double.IsNaN(got), $"bin {split.StartBin + row} is past the last window but merged to {got}");
                        continue;
                    }
                    double want = (float)recording[split.StartBin + row, columns[i]];
                    Assert.True(Math.Abs(got - want) <= 1e-9 * Math.Max(1, Math.Abs(want)),
                        $"bin {split.StartBin + row}, neuron {columns[i]}: merged {got:R}, recording {want:R}");
                }
            compared += covered;
        }
        return compared;
    }
}
