using Blend.Data.Synthetic;

namespace Blend.Data.Identity.Synthetic;

/// <summary>
/// One neuron's identity parameters. Its log-rate is
/// ln r + g·z_g + u₁z₁ + u₂z₂ + o·z_osc + κ(β^run·v̂ + β^aro·p̂ + β^syn·S) + private noise; spikes are Poisson and
/// feed a calcium trace with decay τ and unitary transient A, observed with Gaussian noise of SD σ.
/// </summary>
public sealed record NeuronParameters(
    double RateHz, double Global, double Sync, double Assembly1, double Assembly2,
    double BetaRun, double BetaArousal, double BetaSync,
    double DecaySeconds, double Amplitude, double NoiseSd)
{
    /// <summary>
    /// A neuron of <paramref name="type"/> drawn around its type means. Kinetics (τ) are the same for every type, so
    /// the calcium decay gives nothing away; the smaller IN transient A is a realistic, mostly neural EI cue.
    /// </summary>
    public static NeuronParameters Draw(SynthCellType type, SynthBugeonOptions options, MouseBetaOffsets offsets, SeededRandom random)
    {
        bool interneuron = type.IsInterneuron();
        var means = CellTypeMeans.For(type, options);
        if (interneuron) means = means.PulledToInterneuronCentre(options.LambdaN);
        double rate = means.RateHz * Math.Exp(random.Normal(0, 0.3));
        double global = means.Global + random.Normal(0, 0.2);
        double sync = means.Sync + random.Normal(0, 0.2);
        double assembly1 = random.Normal(0, 0.25), assembly2 = random.Normal(0, 0.25);
        double betaSd = interneuron ? options.SigmaW : options.ExcitatoryBetaSd;
        double betaRun = means.BetaRun + offsets.Run(type) + random.Normal(0, betaSd);
        double betaArousal = means.BetaArousal + offsets.Arousal(type) + random.Normal(0, betaSd);
        double betaSync = means.BetaSync + offsets.Sync(type) + random.Normal(0, betaSd);
        double decay = Math.Exp(random.Normal(Math.Log(1.0), 0.2));
        double amplitude = (interneuron ? options.InterneuronAmplitude : options.ExcitatoryAmplitude) * Math.Exp(random.Normal(0, 0.25));
        double noise = random.Uniform(0.05, 0.12);
        return new(rate, global, sync, assembly1, assembly2, betaRun, betaArousal, betaSync, decay, amplitude, noise);
    }
}
