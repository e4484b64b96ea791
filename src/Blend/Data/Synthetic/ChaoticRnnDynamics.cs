namespace Blend.Data.Synthetic;

/// <summary>
/// A chaotic recurrent network, as in the LFADS paper's synthetic data: τ dx/dt = −x + γ J tanh(x) with random
/// coupling J ~ N(0, 1/n) and gain γ &gt; 1 (chaotic regime). The neurons read out tanh(x). Integrated with Euler
/// steps of 1 ms (τ = 25 ms, so the step is far below the time constant).
/// </summary>
public sealed class ChaoticRnnDynamics : ILatentDynamics
{
    private readonly double[] _coupling;

    /// <summary>
    /// A network of <paramref name="units"/> (at least 2) with coupling J drawn from <paramref name="structure"/>, gain γ =
    /// <paramref name="gain"/> and time constant τ = <paramref name="tauMs"/> ms.
    /// </summary>
    public ChaoticRnnDynamics(int units, SeededRandom structure, double gain = 2.0, double tauMs = 25)
    {
        if (units < 2) throw new ArgumentOutOfRangeException(nameof(units), "a network needs at least 2 units");
        Units = units;
        Gain = gain;
        TauMs = tauMs;
        _coupling = new double[units * units];
        double scale = 1 / Math.Sqrt(units);
        for (int i = 0; i < _coupling.Length; i++) _coupling[i] = structure.Normal(0, scale);
    }

    /// <summary>Number of network units n, which is also the latent dimension.</summary>
    public int Units { get; }
    /// <summary>Coupling gain γ; above 1 the network is chaotic.</summary>
    public double Gain { get; }
    /// <summary>Time constant τ of the units, ms.</summary>
    public double TauMs { get; }

    /// <summary>Standard deviation of each trial's initial-state perturbation.</summary>
    public double TrialJitter { get; init; } = 0.1;

    /// <summary>The registry name, <c>rnn</c>.</summary>
    public string Name => "rnn";

    /// <summary>The latent is the network's activity tanh(x): <see cref="Units"/> dimensions.</summary>
    public int LatentDimensions => Units;

    /// <summary>One state per condition: a standard-normal start run for 500 ms of network time so it settles onto the chaotic attractor.</summary>
    public double[][] ConditionStates(int conditions, SeededRandom random)
    {
        var states = new double[conditions][];
        for (int c = 0; c < conditions; c++)
        {
            var state = new double[Units];
            for (int i = 0; i < Units; i++) state[i] = random.Normal();
            // Let the network settle onto its chaotic attractor from the random start.
            Advance(state, 500);
            states[c] = state;
        }
        return states;
    }

    /// <summary>
    /// A trial's activity tanh(x), bins × <see cref="Units"/> (C order): the condition's state plus Gaussian jitter of
    /// s.d. <see cref="TrialJitter"/>, advanced by Euler steps of about 1 ms, round(<paramref name="binMs"/>) per bin.
    /// </summary>
    public double[] Simulate(double[] conditionState, int bins, double binMs, SeededRandom random)
    {
        double[] state = conditionState.Select(x => x + random.Normal(0, TrialJitter)).ToArray();
        var trajectory = new double[bins * Units];
        int stepsPerBin = Math.Max(1, (int)Math.Round(binMs));
        double stepMs = binMs / stepsPerBin;
        for (int bin = 0; bin < bins; bin++)
        {
            for (int i = 0; i < Units; i++) trajectory[bin * Units + i] = Math.Tanh(state[i]);
            Advance(state, stepsPerBin, stepMs);
        }
        return trajectory;
    }

    private void Advance(double[] state, int steps, double stepMs = 1)
    {
        var activity = new double[Units];
        double rate = stepMs / TauMs;
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < Units; i++) activity[i] = Math.Tanh(state[i]);
            for (int i = 0; i < Units; i++)
            {
                double input = 0;
                var row = _coupling.AsSpan(i * Units, Units);
                for (int j = 0; j < Units; j++) input += row[j] * activity[j];
                state[i] += rate * (-state[i] + Gain * input);
            }
        }
    }
}
