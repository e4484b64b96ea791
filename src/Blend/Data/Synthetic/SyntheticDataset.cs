namespace Blend.Data.Synthetic;

/// <summary>
/// A synthetic population with known ground truth. Log-rates are an affine readout of a normalised dynamics latent
/// (Lorenz or chaotic RNN; conditions = initial states) plus a weak readout of a 2-D reach latent seen by few
/// neurons; spikes are Poisson. Behavior is the hand velocity read from the reach latent <c>lag</c> ms later, with
/// noise. Neurons are ordered held-in first, then held-out; each trial holds the main window then the forward bins.
/// </summary>
public sealed class SyntheticDataset
{
    /// <summary>One split's trials: everything trials × (main + forward) bins × channels.</summary>
    public sealed record Split(
        Array3 Spikes, Array3 Rates, Array3 Behavior, Array3 DynamicsLatent, Array3 ReachLatent, int[] Conditions);

    /// <summary>The options the dataset was generated with.</summary>
    public required SyntheticOptions Options { get; init; }
    /// <summary>The training trials (<see cref="SyntheticOptions.TrainTrials"/> of them).</summary>
    public required Split Train { get; init; }
    /// <summary>The evaluation trials (<see cref="SyntheticOptions.EvalTrials"/> of them), drawn from the same population.</summary>
    public required Split Eval { get; init; }
    /// <summary>Per-neuron log-rate offset (log counts per bin).</summary>
    public required double[] Bias { get; init; }
    /// <summary>neurons × latent dimensions, applied to the z-scored dynamics latent.</summary>
    public required double[] DynamicsWeights { get; init; }
    /// <summary>neurons × 2, zero except for the reach neurons.</summary>
    public required double[] ReachWeights { get; init; }
    /// <summary>Indices (ascending, in tensor order) of the neurons that see the reach latent.</summary>
    public required int[] ReachNeurons { get; init; }
    /// <summary>Mean and standard deviation of each dynamics dimension, used to z-score it.</summary>
    public required double[] LatentMean { get; init; }
    /// <summary>Standard deviation of each dynamics dimension (floored at 1e-6), used with <see cref="LatentMean"/> to z-score it.</summary>
    public required double[] LatentStd { get; init; }

    /// <summary>Bins per trial: main window plus forward bins.</summary>
    public int Bins => Options.MainBins + Options.ForwardBins;

    /// <summary>
    /// Validates <paramref name="options"/> and draws the population (dynamics, conditions, readout; from the population
    /// seed) and the train and eval trials (from <see cref="SyntheticOptions.Seed"/>): latents, true rates in spikes per
    /// bin, Poisson spike counts and lagged hand velocity. Deterministic for given options.
    /// </summary>
    public static SyntheticDataset Generate(SyntheticOptions options)
    {
        options.Validate();
        // The population (dynamics, conditions, readout) and the trials drawn from it have their own seeds.
        int seed = options.Seed, population = options.EffectivePopulationSeed, bins = options.MainBins + options.ForwardBins, lag = options.LagBins;
        var dynamics = LatentDynamicsRegistry.Create(options);
        var reach = new ReachLatent();
        var conditionStates = dynamics.ConditionStates(options.Conditions, SeededRandom.For(population, "conditions"));

        int[] trainConditions = AssignConditions(options.TrainTrials, options.Conditions, SeededRandom.For(seed, "train-conditions"));
        int[] evalConditions = AssignConditions(options.EvalTrials, options.Conditions, SeededRandom.For(seed, "eval-conditions"));
        var trainLatent = SimulateLatents(dynamics, conditionStates, trainConditions, bins, options.BinMs, SeededRandom.For(seed, "train-trials"));
        var evalLatent = SimulateLatents(dynamics, conditionStates, evalConditions, bins, options.BinMs, SeededRandom.For(seed, "eval-trials"));
        // The reach runs lag bins past the window: neurons at bin t drive the movement at t + lag, which is the
        // behavior recorded for bin t (NLB's lagged velocity).
        var trainReach = SimulateReaches(reach, trainConditions, options, bins + lag, SeededRandom.For(seed, "train-reaches"));
        var evalReach = SimulateReaches(reach, evalConditions, options, bins + lag, SeededRandom.For(seed, "eval-reaches"));

        // z-score with statistics of separate reference trials, so they do not depend on the trial counts.
        var reference = SimulateLatents(dynamics, conditionStates,
            [.. Enumerable.Range(0, 8 * options.Conditions).Select(i => i % options.Conditions)], bins, options.BinMs,
            SeededRandom.For(population, "latent-statistics"));
        var (mean, std) = LatentStatistics(reference);
        var readout = SeededRandom.For(population, "readout");
        int neurons = options.Neurons, dims = dynamics.LatentDimensions;
        var bias = new double[neurons];
        var weights = new double[neurons * dims];
        double binSeconds = options.BinMs / 1000;
        for (int n = 0; n < neurons; n++)
        {
            // Subtract gain²/2 so the mean rate (over the log-normal modulation) stays in the requested range.
            bias[n] = Math.Log(readout.Uniform(options.MinRateHz, options.MaxRateHz) * binSeconds)
                - 0.5 * options.DynamicsGain * options.DynamicsGain;
            for (int d = 0; d < dims; d++) weights[n * dims + d] = readout.Normal(0, options.DynamicsGain / Math.Sqrt(dims));
        }
        int reachCount = Math.Max(1, (int)Math.Round(options.ReachNeuronFraction * neurons));
        int[] reachNeurons = [.. readout.Permutation(neurons).Take(reachCount).Order()];
        var reachWeights = new double[neurons * 2];
        foreach (int n in reachNeurons)
        {
            // Reach neurons are mostly reach-tuned: their dynamics modulation is scaled down.
            for (int d = 0; d < dims; d++) weights[n * dims + d] *= options.ReachNeuronDynamicsScale;
            double angle = readout.Uniform(0, 2 * Math.PI);
            reachWeights[2 * n] = options.ReachGain * Math.Cos(angle);
            reachWeights[2 * n + 1] = options.ReachGain * Math.Sin(angle);
        }

        Split MakeSplit(Array3 latent, Array3 reachLatent, int[] conditions, string name)
        {
            var rates = Rates(latent, reachLatent, lag, bias, weights, reachWeights, mean, std, bins);
            var spikes = Sample(rates, SeededRandom.For(seed, name + "-spikes"));
            var behavior = Behavior(reachLatent, bins, lag, options, SeededRandom.For(seed, name + "-behavior-noise"));
            return new Split(spikes, rates, behavior, latent, reachLatent, conditions);
        }

        return new SyntheticDataset
        {
            Options = options,
            Train = MakeSplit(trainLatent, trainReach, trainConditions, "train"),
            Eval = MakeSplit(evalLatent, evalReach, evalConditions, "eval"),
            Bias = bias,
            DynamicsWeights = weights,
            ReachWeights = reachWeights,
            ReachNeurons = reachNeurons,
            LatentMean = mean,
            LatentStd = std,
        };
    }

    /// <summary>Balanced conditions (round robin) in shuffled trial order.</summary>
    private static int[] AssignConditions(int trials, int conditions, SeededRandom random)
    {
        int[] order = random.Permutation(trials);
        var assigned = new int[trials];
        for (int i = 0; i < trials; i++) assigned[order[i]] = i % conditions;
        return assigned;
    }

    private static Array3 SimulateLatents(ILatentDynamics dynamics, double[][] states, int[] conditions, int bins,
        double binMs, SeededRandom random)
    {
        var latent = new Array3(conditions.Length, bins, dynamics.LatentDimensions);
        for (int trial = 0; trial < conditions.Length; trial++)
            dynamics.Simulate(states[conditions[trial]], bins, binMs, random).CopyTo(latent.Trial(trial));
        return latent;
    }

    private static Array3 SimulateReaches(ReachLatent reach, int[] conditions, SyntheticOptions options, int bins, SeededRandom random)
    {
        var latent = new Array3(conditions.Length, bins, ReachLatent.Dimensions);
        for (int trial = 0; trial < conditions.Length; trial++)
            reach.Simulate(conditions[trial], options.Conditions, bins, options.MainBins, random).CopyTo(latent.Trial(trial));
        return latent;
    }

    private static (double[] Mean, double[] Std) LatentStatistics(Array3 latent)
    {
        int dims = latent.Channels;
        var sum = new double[dims];
        var sumSquares = new double[dims];
        long count = latent.Rows;
        for (int row = 0; row < latent.Rows; row++)
            for (int d = 0; d < dims; d++)
            {
                double x = latent.Values[row * dims + d];
                sum[d] += x;
                sumSquares[d] += x * x;
            }
        var mean = sum.Select(s => s / count).ToArray();
        var std = sumSquares.Select((s, d) => Math.Sqrt(Math.Max(s / count - mean[d] * mean[d], 1e-12))).ToArray();
        return (mean, std);
    }

    /// <summary>Neurons at bin t encode the reach at t + lag: motor cortex leads the movement it commands.</summary>
    private static Array3 Rates(Array3 latent, Array3 reach, int lag, double[] bias, double[] weights, double[] reachWeights,
        double[] mean, double[] std, int bins)
    {
        int neurons = bias.Length, dims = latent.Channels;
        var rates = new Array3(latent.Trials, bins, neurons);
        Span<double> z = stackalloc double[dims];
        for (int trial = 0; trial < latent.Trials; trial++)
            for (int t = 0; t < bins; t++)
            {
                var state = latent.Bin(trial, t);
                for (int d = 0; d < dims; d++) z[d] = (state[d] - mean[d]) / std[d];
                var r = reach.Bin(trial, t + lag);
                var output = rates.Bin(trial, t);
                for (int n = 0; n < neurons; n++)
                {
                    double logRate = bias[n] + reachWeights[2 * n] * r[0] + reachWeights[2 * n + 1] * r[1];
                    var w = weights.AsSpan(n * dims, dims);
                    for (int d = 0; d < dims; d++) logRate += w[d] * z[d];
                    output[n] = Math.Exp(logRate);
                }
            }
        return rates;
    }

    private static Array3 Sample(Array3 rates, SeededRandom random)
    {
        var spikes = new Array3(rates.Trials, rates.Time, rates.Channels);
        for (int i = 0; i < rates.Values.Length; i++) spikes.Values[i] = random.Poisson(rates.Values[i]);
        return spikes;
    }

    private static Array3 Behavior(Array3 reach, int bins, int lag, SyntheticOptions options, SeededRandom random)
    {
        var behavior = new Array3(reach.Trials, bins, ReachLatent.Dimensions);
        for (int trial = 0; trial < reach.Trials; trial++)
            for (int t = 0; t < bins; t++)
            {
                var source = reach.Bin(trial, t + lag);
                var target = behavior.Bin(trial, t);
                for (int d = 0; d < ReachLatent.Dimensions; d++)
                    target[d] = options.VelocityGain * source[d] + random.Normal(0, options.VelocityNoise);
            }
        return behavior;
    }
}
