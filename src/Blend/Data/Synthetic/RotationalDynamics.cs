namespace Blend.Data.Synthetic;

/// <summary>
/// Rotational population dynamics of the kind jPCA finds in motor cortex during reaching (Churchland et al. 2012,
/// Nature 487:51): the latent is a few planes, each a lightly damped rotation at its own frequency, driven by
/// Ornstein–Uhlenbeck noise. Conditions set each plane's initial amplitude and phase; trials start near their
/// condition's state and drift apart through the noise, so single trials differ from the condition average in a way
/// only their own spikes reveal. Linear and oscillatory — unlike the Lorenz attractor and the chaotic RNN — so defaults
/// tuned on those meet different dynamics here. Integrated exactly per 1 ms step (rotation × decay, plus noise).
/// </summary>
public sealed class RotationalDynamics : ILatentDynamics
{
    /// <summary>Rotation frequency of each plane, Hz (one slow, one medium, one fast plane).</summary>
    public IReadOnlyList<double> FrequenciesHz { get; init; } = [1.2, 2.3, 3.7];

    /// <summary>Amplitude decay time constant, ms (the rotation fades over a trial unless noise sustains it).</summary>
    public double DecayMs { get; init; } = 600;

    /// <summary>Standard deviation of the state noise per √s (keeps the single trials apart).</summary>
    public double NoisePerSqrtSecond { get; init; } = 0.6;

    /// <summary>Standard deviation of each trial's initial-state perturbation around its condition's state.</summary>
    public double TrialJitter { get; init; } = 0.25;

    /// <summary>The registry name, <c>rotation</c>.</summary>
    public string Name => "rotation";

    /// <summary>Two dimensions (one plane) per entry of <see cref="FrequenciesHz"/>: 6 by default.</summary>
    public int LatentDimensions => 2 * FrequenciesHz.Count;

    /// <summary>
    /// One state per condition: in each plane an amplitude drawn from [0.6, 1.4] and a phase, evenly spread over the
    /// circle in the slowest plane (like reach directions) and random in the others.
    /// </summary>
    public double[][] ConditionStates(int conditions, SeededRandom random)
    {
        var states = new double[conditions][];
        for (int c = 0; c < conditions; c++)
        {
            var state = new double[LatentDimensions];
            for (int plane = 0; plane < FrequenciesHz.Count; plane++)
            {
                // Conditions spread over the phase circle in the slow plane (like reach directions), at random in the others.
                double phase = plane == 0 ? 2 * Math.PI * c / conditions : random.Uniform(0, 2 * Math.PI);
                double amplitude = random.Uniform(0.6, 1.4);
                state[2 * plane] = amplitude * Math.Cos(phase);
                state[2 * plane + 1] = amplitude * Math.Sin(phase);
            }
            states[c] = state;
        }
        return states;
    }

    /// <summary>
    /// A trial's trajectory, bins × <see cref="LatentDimensions"/> (C order): the condition's state plus Gaussian jitter of
    /// s.d. <see cref="TrialJitter"/>, rotated, damped and driven by noise in steps of about 1 ms, round(<paramref name="binMs"/>) per bin.
    /// </summary>
    public double[] Simulate(double[] conditionState, int bins, double binMs, SeededRandom random)
    {
        double[] state = conditionState.Select(x => x + random.Normal(0, TrialJitter)).ToArray();
        int stepsPerBin = Math.Max(1, (int)Math.Round(binMs));
        double stepMs = binMs / stepsPerBin;
        double decay = Math.Exp(-stepMs / DecayMs);
        double noise = NoisePerSqrtSecond * Math.Sqrt(stepMs / 1000);
        var rotations = FrequenciesHz.Select(f => (Cos: Math.Cos(2 * Math.PI * f * stepMs / 1000), Sin: Math.Sin(2 * Math.PI * f * stepMs / 1000))).ToArray();
        var trajectory = new double[bins * LatentDimensions];
        for (int bin = 0; bin < bins; bin++)
        {
            state.CopyTo(trajectory, bin * LatentDimensions);
            for (int s = 0; s < stepsPerBin; s++)
                for (int plane = 0; plane < rotations.Length; plane++)
                {
                    double x = state[2 * plane], y = state[2 * plane + 1];
                    var (cos, sin) = rotations[plane];
                    state[2 * plane] = decay * (cos * x - sin * y) + random.Normal(0, noise);
                    state[2 * plane + 1] = decay * (sin * x + cos * y) + random.Normal(0, noise);
                }
        }
        return trajectory;
    }
}
