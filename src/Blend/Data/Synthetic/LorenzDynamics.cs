namespace Blend.Data.Synthetic;

/// <summary>
/// The Lorenz attractor (σ = 10, ρ = 28, β = 8/3), the classic LFADS/NDT synthetic benchmark, integrated with
/// classical fourth-order Runge–Kutta. Condition states are points on the attractor, reached by a burn-in from a
/// random start, so every trial runs on the attractor itself.
/// </summary>
public sealed class LorenzDynamics : ILatentDynamics
{
    private const double Sigma = 10, Rho = 28, Beta = 8.0 / 3;

    /// <summary>Lorenz time units per millisecond: a 5 ms bin advances 0.01, a 900 ms trial about one loop.</summary>
    public double TimePerMs { get; init; } = 0.002;

    /// <summary>Integration steps per bin (step 0.0025 at 5 ms bins; RK4 is then accurate far below the noise).</summary>
    public int StepsPerBin { get; init; } = 4;

    /// <summary>Standard deviation of each trial's initial-state perturbation around its condition's state.</summary>
    public double TrialJitter { get; init; } = 0.3;

    /// <summary>The registry name, <c>lorenz</c>.</summary>
    public string Name => "lorenz";

    /// <summary>The Lorenz state (x, y, z): 3 dimensions.</summary>
    public int LatentDimensions => 3;

    /// <summary>One point on the attractor per condition: a random start burnt in for 2000–3999 RK4 steps of 0.005, so conditions sit at different phases.</summary>
    public double[][] ConditionStates(int conditions, SeededRandom random)
    {
        var states = new double[conditions][];
        for (int c = 0; c < conditions; c++)
        {
            double[] state = [random.Normal(0, 5), random.Normal(0, 5), random.Normal(25, 5)];
            // Burn in onto the attractor, then a random extra stretch so conditions sit at different phases.
            int steps = 2000 + random.Integer(2000);
            for (int s = 0; s < steps; s++) Step(state, 0.005);
            states[c] = state;
        }
        return states;
    }

    /// <summary>
    /// A trial's trajectory, bins × 3 (C order): the condition's state plus Gaussian jitter of s.d. <see cref="TrialJitter"/>,
    /// advanced <see cref="TimePerMs"/> · <paramref name="binMs"/> Lorenz time units per bin in <see cref="StepsPerBin"/> RK4 steps.
    /// </summary>
    public double[] Simulate(double[] conditionState, int bins, double binMs, SeededRandom random)
    {
        double[] state = conditionState.Select(x => x + random.Normal(0, TrialJitter)).ToArray();
        double h = TimePerMs * binMs / StepsPerBin;
        var trajectory = new double[bins * 3];
        for (int bin = 0; bin < bins; bin++)
        {
            state.CopyTo(trajectory, bin * 3);
            for (int s = 0; s < StepsPerBin; s++) Step(state, h);
        }
        return trajectory;
    }

    private static void Derivative(ReadOnlySpan<double> x, Span<double> dx)
    {
        dx[0] = Sigma * (x[1] - x[0]);
        dx[1] = x[0] * (Rho - x[2]) - x[1];
        dx[2] = x[0] * x[1] - Beta * x[2];
    }

    /// <summary>One classical RK4 step of size h, in place.</summary>
    internal static void Step(double[] x, double h)
    {
        Span<double> k1 = stackalloc double[3], k2 = stackalloc double[3], k3 = stackalloc double[3],
            k4 = stackalloc double[3], probe = stackalloc double[3];
        Derivative(x, k1);
        for (int i = 0; i < 3; i++) probe[i] = x[i] + 0.5 * h * k1[i];
        Derivative(probe, k2);
        for (int i = 0; i < 3; i++) probe[i] = x[i] + 0.5 * h * k2[i];
        Derivative(probe, k3);
        for (int i = 0; i < 3; i++) probe[i] = x[i] + h * k3[i];
        Derivative(probe, k4);
        for (int i = 0; i < 3; i++) x[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    }
}
