namespace Blend.Data.Identity.Synthetic;

/// <summary>
/// The type means of the identity parameters: firing rate r (Hz), coupling g to the global latent,
/// o to the synchronised-state rhythm, and the behaviour coefficients β (in κ = 1 units) to running speed, arousal
/// (pupil) and synchrony. Each neuron draws its own values around these.
/// </summary>
public sealed record CellTypeMeans(double RateHz, double Global, double Sync, double BetaRun, double BetaArousal, double BetaSync)
{
    /// <summary>The across-subclass centres that λ_n pulls interneurons toward.</summary>
    public const double InterneuronGlobal = 0.28;
    /// <summary>Across-subclass centre of o, the coupling to the synchronised-state rhythm.</summary>
    public const double InterneuronSync = 0.16;
    /// <summary>Across-subclass centre of the firing rate (Hz); rates are pulled toward it in log space.</summary>
    public const double InterneuronRateHz = 2.7;

    /// <summary>
    /// The means for a type. EC's β^aro and β^syn come from the options (the EC-coupling knob). Serpinf1 uses
    /// Vip's, its nearest CGE relative (Keijser et al. merge the two).
    /// </summary>
    public static CellTypeMeans For(SynthCellType type, SynthBugeonOptions options) => type switch
    {
        SynthCellType.Excitatory => new(0.8, 0.5, 0.4, 0.00, options.ExcitatoryBetaArousal, options.ExcitatoryBetaSync),
        SynthCellType.Pvalb => new(4.0, 0.7, 0.6, 0.00, -0.05, +0.25),
        SynthCellType.Sst => new(3.0, 0.4, 0.4, +0.10, -0.05, +0.15),
        SynthCellType.Lamp5 => new(2.0, 0.2, 0.1, -0.05, +0.10, 0.00),
        SynthCellType.Vip or SynthCellType.Serpinf1 => new(3.0, 0.1, 0.0, +0.10, +0.05, -0.05),
        SynthCellType.Sncg => new(2.0, 0.0, -0.1, +0.05, +0.15, -0.10),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>
    /// Interneurons keep only the fraction λ_n of their subclass's difference in ln r, g and o from the
    /// across-subclass centres, which sets how much identity purely neural statistics carry.
    /// </summary>
    public CellTypeMeans PulledToInterneuronCentre(double lambdaN) => this with
    {
        RateHz = Math.Exp(Math.Log(InterneuronRateHz) + lambdaN * (Math.Log(RateHz) - Math.Log(InterneuronRateHz))),
        Global = InterneuronGlobal + lambdaN * (Global - InterneuronGlobal),
        Sync = InterneuronSync + lambdaN * (Sync - InterneuronSync),
    };
}
