namespace Blend.Data.Identity.Synthetic;

/// <summary>
/// What <c>blend synth bugeon</c> generates: the SynthBugeon stand-in for the Bugeon et al. (2022) identity data
/// (README: blend identity). Start from a size preset (<see cref="ForSize"/>) and change knobs
/// with <c>with</c>. The defaults of the knobs are the calibrated values (README: blend identity).
/// </summary>
public sealed record SynthBugeonOptions
{
    /// <summary>The smallest size preset, for tests and CI (see <see cref="ForSize"/>).</summary>
    public const string Ci = "ci";
    /// <summary>The medium size preset, for development runs (see <see cref="ForSize"/>).</summary>
    public const string Dev = "dev";
    /// <summary>The full size preset, near the real data's sizes (see <see cref="ForSize"/>).</summary>
    public const string Full = "full";
    /// <summary>The size preset names <c>--size</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Sizes = [Ci, Dev, Full];

    /// <summary>The preset the sizes came from (recorded in the manifest; the sizes below are what is generated).</summary>
    public string Size { get; init; } = Full;
    /// <summary>Seed of every random stream; the same options and seed give byte-identical folders.</summary>
    public int Seed { get; init; }

    /// <summary>Number of mice (1–99).</summary>
    public int Mice { get; init; } = 4;
    /// <summary>Sessions generated per mouse, on distinct dates.</summary>
    public int SessionsPerMouse { get; init; } = 4;
    /// <summary>Neurons per session (N).</summary>
    public int Neurons { get; init; } = 500;
    /// <summary>Frames per session (T), at <see cref="FramePeriodSeconds"/>.</summary>
    public int Frames { get; init; } = 3600;
    /// <summary>Labelled (transcriptomically matched) interneurons per mouse; each session draws from them.</summary>
    public int PoolPerMouse { get; init; } = 150;
    /// <summary>Zero-based index of the held-out mouse (SB028's role). Only recorded in the manifest: nothing is split.</summary>
    public int TestMouse { get; init; } = 3;

    /// <summary>Time between imaging frames in seconds (0.25 s: 4 Hz).</summary>
    public double FramePeriodSeconds { get; init; } = 0.25;
    /// <summary>Fraction of a session's neurons that are interneurons (IN); the rest are excitatory (EC).</summary>
    public double InterneuronFraction { get; init; } = 0.24;
    /// <summary>Fraction of a session's interneurons that are labelled (drawn from the mouse's pool); the rest are plain IN.</summary>
    public double LabelledFraction { get; init; } = 0.75;
    /// <summary>Fraction of the pool that is Serpinf1: IN for the class task, but no subclass (0 leaves them out).</summary>
    public double Serpinf1Fraction { get; init; } = 0.03;

    /// <summary>σ_w: within-type SD of the interneurons' behaviour coefficients β (the main difficulty dial).</summary>
    public double SigmaW { get; init; } = 0.05;
    /// <summary>Within-type SD of the excitatory cells' β (EC is heterogeneous, mean ≈ 0).</summary>
    public double ExcitatoryBetaSd { get; init; } = 0.10;
    /// <summary>SD of the per-mouse offsets on each subclass's β means.</summary>
    public double MouseBetaSd { get; init; } = 0.02;
    /// <summary>λ_n: how much of the subclass differences in rate, global and sync-rhythm coupling interneurons keep.</summary>
    public double LambdaN { get; init; } = 0.3;
    /// <summary>κ: gain on the behaviour coupling (β in κ = 1 units).</summary>
    public double Kappa { get; init; } = 1.5;
    /// <summary>ρ: weight of the pupil (arousal) in the global latent, the behaviour-leakage knob.</summary>
    public double Rho { get; init; } = 0.3;
    /// <summary>EC's mean β^aro and β^syn.</summary>
    public double ExcitatoryBetaArousal { get; init; } = -0.08;
    /// <summary>EC's mean β^syn (coupling to synchrony, in κ = 1 units).</summary>
    public double ExcitatoryBetaSync { get; init; } = 0.12;
    /// <summary>Unitary calcium transient (ΔF/F per spike) of EC and IN, before the per-neuron jitter.</summary>
    public double ExcitatoryAmplitude { get; init; } = 0.20;
    /// <summary>Unitary calcium transient (ΔF/F per spike) of IN, before the per-neuron jitter.</summary>
    public double InterneuronAmplitude { get; init; } = 0.08;

    /// <summary>The size presets: ci 4×2 sessions, N 150, T 1200; dev 4×3, N 200, T 2000; full 4×4, N 500, T 3600.
    /// Pools hold ≈ 1.5 sessions' labelled cells, so each session draws ≈ 60% of its mouse's pool and the unique
    /// labelled cells come to ≈ 140 / 225 / 585.</summary>
    public static SynthBugeonOptions ForSize(string size) => size switch
    {
        Ci => new() { Size = Ci, Mice = 4, SessionsPerMouse = 2, Neurons = 150, Frames = 1200, PoolPerMouse = 40 },
        Dev => new() { Size = Dev, Mice = 4, SessionsPerMouse = 3, Neurons = 200, Frames = 2000, PoolPerMouse = 60 },
        Full => new() { Size = Full, Mice = 4, SessionsPerMouse = 4, Neurons = 500, Frames = 3600, PoolPerMouse = 150 },
        _ => throw new BlendInputException($"--size must be one of {string.Join(", ", Sizes)}, got '{size}'"),
    };

    /// <summary>Interneurons per session: round(<see cref="InterneuronFraction"/> · <see cref="Neurons"/>), half-way away from zero.</summary>
    public int Interneurons => (int)Math.Round(InterneuronFraction * Neurons, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Labelled interneurons each session draws from its mouse's pool: round(<see cref="LabelledFraction"/> ·
    /// <see cref="Interneurons"/>), half-way away from zero.
    /// </summary>
    public int LabelledPerSession => (int)Math.Round(LabelledFraction * Interneurons, MidpointRounding.AwayFromZero);

    /// <summary>Throws <see cref="BlendInputException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok) throw new BlendInputException(message);
        }
        Require(Sizes.Contains(Size), $"--size must be one of {string.Join(", ", Sizes)}, got '{Size}'");
        Require(Mice is >= 1 and <= 99, $"mice must be in 1..99, got {Mice}");
        Require(SessionsPerMouse is >= 1 and <= 100, $"sessions per mouse must be in 1..100, got {SessionsPerMouse}");
        Require(Neurons >= 2, $"neurons per session must be at least 2, got {Neurons}");
        Require(Frames >= 100, $"frames per session must be at least 100, got {Frames}");
        Require(TestMouse >= 0 && TestMouse < Mice, $"test mouse must be a mouse index in 0..{Mice - 1}, got {TestMouse}");
        Require(FramePeriodSeconds is > 0 and <= 10, $"frame period must be in (0, 10] s, got {FramePeriodSeconds}");
        Require(InterneuronFraction is >= 0 and <= 1, $"interneuron fraction must be in [0, 1], got {InterneuronFraction}");
        Require(LabelledFraction is >= 0 and <= 1, $"labelled fraction must be in [0, 1], got {LabelledFraction}");
        Require(Serpinf1Fraction is >= 0 and < 1, $"Serpinf1 fraction must be in [0, 1), got {Serpinf1Fraction}");
        // UIDs are mouseIndex·10000 + 1000 + k, so a pool must fit in 9000 IDs.
        Require(PoolPerMouse is >= 0 and <= 9000, $"labelled pool per mouse must be in 0..9000, got {PoolPerMouse}");
        Require(LabelledPerSession <= PoolPerMouse,
            $"labelled pool per mouse ({PoolPerMouse}) is smaller than the labelled cells each session draws ({LabelledPerSession})");
        Require(SigmaW >= 0 && SigmaW <= 10, $"--sigma-w must be in [0, 10], got {SigmaW}");
        Require(ExcitatoryBetaSd >= 0 && ExcitatoryBetaSd <= 10, $"EC β SD must be in [0, 10], got {ExcitatoryBetaSd}");
        Require(MouseBetaSd >= 0 && MouseBetaSd <= 10, $"mouse β offset SD must be in [0, 10], got {MouseBetaSd}");
        Require(LambdaN >= 0 && LambdaN <= 10, $"--lambda-n must be in [0, 10], got {LambdaN}");
        Require(Kappa >= 0 && Kappa <= 20, $"--kappa must be in [0, 20], got {Kappa}");
        Require(Rho >= 0 && Rho <= 1, $"--rho must be in [0, 1], got {Rho}");
        Require(double.IsFinite(ExcitatoryBetaArousal) && double.IsFinite(ExcitatoryBetaSync),
            $"EC β means must be finite, got {ExcitatoryBetaArousal}, {ExcitatoryBetaSync}");
        Require(ExcitatoryAmplitude > 0 && InterneuronAmplitude > 0 && double.IsFinite(ExcitatoryAmplitude + InterneuronAmplitude),
            $"calcium amplitudes must be positive, got EC {ExcitatoryAmplitude}, IN {InterneuronAmplitude}");
    }
}
