namespace Blend.Data.Synthetic;

/// <summary>
/// What `blend synth` generates. The defaults are the built-in demo dataset, shaped like NLB's MC_Maze: 137 held-in
/// and 45 held-out neurons, 5 ms bins, 140 main + 40 forward bins, a 100 ms behavior lag.
/// </summary>
public sealed record SyntheticOptions
{
    /// <summary>A name of <see cref="LatentDynamicsRegistry"/>: <c>lorenz</c>, <c>rnn</c> or <c>rotation</c>.</summary>
    public string Generator { get; init; } = "lorenz";
    /// <summary>Seed of the trials (and of the population too, unless <see cref="PopulationSeed"/> is set).</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Seed of the population — the latent dynamics' structure, the conditions' initial states, the neurons' readout
    /// and which neurons see the reach — when it differs from <see cref="Seed"/>, which then only draws the trials
    /// (conditions, latent noise, reaches, spikes, behavior noise). New trials of the same population are what a
    /// trained model can be applied to; null: the population comes from <see cref="Seed"/> too.
    /// </summary>
    public int? PopulationSeed { get; init; }

    /// <summary>The seed the population is drawn with.</summary>
    public int EffectivePopulationSeed => PopulationSeed ?? Seed;
    /// <summary>Number of training trials (at least 10).</summary>
    public int TrainTrials { get; init; } = 600;
    /// <summary>Number of evaluation trials (at least 2, and at least <see cref="Conditions"/>).</summary>
    public int EvalTrials { get; init; } = 200;
    /// <summary>Number of conditions (distinct initial states and reach directions); trials are spread evenly over them.</summary>
    public int Conditions { get; init; } = 12;
    /// <summary>Neurons given to the model as input (the first <c>HeldinNeurons</c> in tensor order).</summary>
    public int HeldinNeurons { get; init; } = 137;
    /// <summary>Neurons whose activity the model must predict (after the held-in ones in tensor order).</summary>
    public int HeldoutNeurons { get; init; } = 45;
    /// <summary>Bins in each trial's main window (at least 10).</summary>
    public int MainBins { get; init; } = 140;
    /// <summary>Bins after the main window for forward prediction (0 for none).</summary>
    public int ForwardBins { get; init; } = 40;
    /// <summary>Bin width, ms (in (0, 1000]).</summary>
    public double BinMs { get; init; } = 5;
    /// <summary>Behavior at bin t is the hand velocity lag ms later (neural activity leads movement, as in NLB).</summary>
    public double LagMs { get; init; } = 100;
    /// <summary>Units of the chaotic RNN (generator <c>rnn</c>).</summary>
    public int RnnUnits { get; init; } = 50;
    /// <summary>Mean firing-rate range of the neurons, Hz.</summary>
    public double MinRateHz { get; init; } = 5;
    /// <summary>Upper end of the neurons' mean firing-rate range, Hz.</summary>
    public double MaxRateHz { get; init; } = 25;
    /// <summary>Standard deviation of the log-rate modulation by the dynamics latent.</summary>
    public double DynamicsGain { get; init; } = 1.0;
    /// <summary>Fraction of neurons that see the reach latent at all, and how strongly (log-rate per unit reach).</summary>
    public double ReachNeuronFraction { get; init; } = 0.15;
    /// <summary>Log-rate per unit of reach latent for the reach neurons (the size of their reach weights).</summary>
    public double ReachGain { get; init; } = 0.6;
    /// <summary>How much of the dynamics modulation the reach neurons keep (1 = as much as every other neuron).</summary>
    public double ReachNeuronDynamicsScale { get; init; } = 0.25;
    /// <summary>Hand-velocity scale (mm/s per unit reach) and measurement noise (mm/s).</summary>
    public double VelocityGain { get; init; } = 250;
    /// <summary>Standard deviation of the Gaussian noise added to the hand velocity, mm/s.</summary>
    public double VelocityNoise { get; init; } = 15;
    /// <summary>Group name in the eval target; default <c>synth_&lt;generator&gt;</c>.</summary>
    public string? Name { get; init; }

    /// <summary>The dataset's group name: <see cref="Name"/>, or <c>synth_&lt;generator&gt;</c> when that is null.</summary>
    public string DatasetName => Name ?? $"synth_{Generator}";

    /// <summary>All neurons: held-in plus held-out.</summary>
    public int Neurons => HeldinNeurons + HeldoutNeurons;

    /// <summary>The behaviour lag in whole bins: <see cref="LagMs"/> / <see cref="BinMs"/>, rounded half to even.</summary>
    public int LagBins => (int)Math.Round(LagMs / BinMs);

    /// <summary>Throws <see cref="BlendInputException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok) throw new BlendInputException(message);
        }
        Require(LatentDynamicsRegistry.Has(Generator), $"--generator must be one of {string.Join(", ", LatentDynamicsRegistry.Names)}, got '{Generator}'");
        Require(TrainTrials >= 10, $"--train-trials must be at least 10, got {TrainTrials}");
        Require(EvalTrials >= 2, $"--eval-trials must be at least 2, got {EvalTrials}");
        Require(Conditions >= 1 && Conditions <= EvalTrials, $"--conditions must be in 1..{EvalTrials} (eval trials), got {Conditions}");
        Require(HeldinNeurons >= 1, $"--heldin must be at least 1, got {HeldinNeurons}");
        Require(HeldoutNeurons >= 1, $"--heldout must be at least 1, got {HeldoutNeurons}");
        Require(MainBins >= 10, $"--bins must be at least 10, got {MainBins}");
        Require(ForwardBins >= 0, $"--forward-bins must be non-negative, got {ForwardBins}");
        Require(BinMs > 0 && BinMs <= 1000, $"--bin-ms must be in (0, 1000], got {BinMs}");
        Require(LagMs >= 0 && LagBins < MainBins, $"--lag-ms must be non-negative and shorter than the main window, got {LagMs}");
        Require(RnnUnits >= 2, $"--rnn-units must be at least 2, got {RnnUnits}");
        Require(MinRateHz > 0 && MaxRateHz >= MinRateHz, $"firing-rate range must satisfy 0 < min <= max, got {MinRateHz}..{MaxRateHz} Hz");
        Require(ReachNeuronFraction > 0 && ReachNeuronFraction <= 1, $"reach-neuron fraction must be in (0, 1], got {ReachNeuronFraction}");
        Require(Name is null || NlbDatasetNames.IsUsableGroupName(Name),
            $"--name '{Name}' must be letters, digits and '_', starting with a letter");
    }
}
