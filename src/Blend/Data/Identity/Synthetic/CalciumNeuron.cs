using Blend.Data.Synthetic;

namespace Blend.Data.Identity.Synthetic;

/// <summary>
/// Simulates one neuron's fluorescence: log-rate from its parameters and the session drive plus a private
/// OU (τ 0.5 s, SD 0.4); Poisson spikes per frame; calcium c(t) = γ·c(t−1) + A·n(t) with γ = e^(−dt/τ); and the
/// observation F = c + N(0, σ²).
/// </summary>
public static class CalciumNeuron
{
    /// <summary>Time constant (s) of each neuron's private OU noise on the log-rate.</summary>
    public const double PrivateNoiseTauSeconds = 0.5;
    /// <summary>Stationary SD of the private OU noise, in log-rate units.</summary>
    public const double PrivateNoiseSd = 0.4;

    /// <summary>Writes F into <paramref name="activity"/> at <c>[t·stride + column]</c> (a frames × neurons matrix).</summary>
    public static void Simulate(NeuronParameters p, SessionDrive drive, double kappa, double step, SeededRandom random,
        float[] activity, int column, int stride)
    {
        int frames = drive.Global.Length;
        double logRate = Math.Log(p.RateHz);
        double betaRun = kappa * p.BetaRun, betaArousal = kappa * p.BetaArousal, betaSync = kappa * p.BetaSync;
        double noiseDecay = Math.Exp(-step / PrivateNoiseTauSeconds);
        double noiseInnovation = PrivateNoiseSd * Math.Sqrt(1 - noiseDecay * noiseDecay);
        double calciumDecay = Math.Exp(-step / p.DecaySeconds);
        double privateNoise = random.Normal(0, PrivateNoiseSd);
        // Start the calcium at its mean level, so the trace has no onset transient.
        double calcium = p.Amplitude * p.RateHz * step / (1 - calciumDecay);
        for (int t = 0; t < frames; t++)
        {
            privateNoise = noiseDecay * privateNoise + noiseInnovation * random.Normal();
            double eta = logRate + p.Global * drive.Global[t] + p.Assembly1 * drive.Assembly1[t] + p.Assembly2 * drive.Assembly2[t]
                + p.Sync * drive.SyncRhythm[t]
                + betaRun * drive.SpeedZ[t] + betaArousal * drive.PupilZ[t] + betaSync * drive.Synchrony[t]
                + privateNoise;
            int spikes = random.Poisson(Math.Exp(eta) * step);
            calcium = calciumDecay * calcium + p.Amplitude * spikes;
            activity[t * stride + column] = (float)(calcium + p.NoiseSd * random.Normal());
        }
    }
}
