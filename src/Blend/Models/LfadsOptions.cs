namespace Blend.Models;

/// <summary>How an LFADS teacher takes privileged behavior (this port's behavior fusion for LFADS).</summary>
public enum LfadsBehaviorInput
{
    /// <summary>L1: behavior is the generator's external input, [u_t ‖ b_t] (after dropout).</summary>
    Generator,
    /// <summary>L2: behavior channels appended to the encoders' input (never hidden by coordinated dropout).</summary>
    Encoder,
}

/// <summary>
/// The <c>lfads:</c> section: LFADS as lfads-torch implements it (Sedler &amp; Pandarinath 2023; Pandarinath et al. 2018). Sizes
/// are the 5 ms AutoLFADS sizes and the regularisers the tuned 20 ms MC_Maze values (lfads-torch's MC_Maze configs, "suggested for the BLEND
/// 5 ms port"). Behavior normalisation follows <c>model.normalize_behavior</c> and <c>model.behavior_missing_indicator</c>.
/// </summary>
public sealed record LfadsOptions
{
    /// <summary>ic_enc_dim: state width of each direction of the initial-condition encoder GRU.</summary>
    public int IcEncDim { get; init; } = 100;

    /// <summary>
    /// A causal LFADS for streaming: the generator starts from the initial-condition prior's mean (no encoder reads the
    /// trial ahead of time) and the controller reads the forward direction of its input encoder only, so bin t's
    /// outputs depend on the spikes up to bin t (t − <see cref="CiLag"/> with a lag). The IC's KL term is then zero.
    /// </summary>
    public bool Causal { get; init; }
    /// <summary>ci_enc_dim: state width of each direction of the controller-input encoder GRU (0: no controller).</summary>
    public int CiEncDim { get; init; } = 80;
    /// <summary>con_dim: controller GRU state width (0: no controller).</summary>
    public int ConDim { get; init; } = 80;
    /// <summary>co_dim: dimensions of the inferred inputs u_t the controller emits to the generator (0: no controller).</summary>
    public int CoDim { get; init; } = 4;
    /// <summary>ic_dim: dimensions of the initial condition g₀'s latent code (mapped to the generator's first state).</summary>
    public int IcDim { get; init; } = 100;
    /// <summary>gen_dim: generator GRU state width.</summary>
    public int GenDim { get; init; } = 100;
    /// <summary>fac_dim: number of factors, the low-dimensional latents the log-rates are read from.</summary>
    public int FacDim { get; init; } = 40;

    /// <summary>ci_lag: the controller at bin t sees encoder outputs lagged by this many bins.</summary>
    public int CiLag { get; init; } = 1;

    /// <summary>dropout_rate: on the encoder input, the IC encoder state, the controller input, the external input and the factor read.</summary>
    public double Dropout { get; init; } = 0.3;

    /// <summary>cd_rate: coordinated dropout; the fraction of input entries hidden each step, which alone carry gradient.</summary>
    public double CdRate { get; init; } = 0.3;

    /// <summary>cell_clip: every GRU state is clamped to ±this after each step.</summary>
    public double CellClip { get; init; } = 5.0;

    /// <summary>ic_post_var_min: floor added to the IC posterior variance.</summary>
    public double IcPostVarMin { get; init; } = 1e-4;

    /// <summary>Variance of the IC prior (its mean is learned).</summary>
    public double IcPriorVar { get; init; } = 0.1;

    /// <summary>Initial τ (bins) and ν of the AR(1) prior on the inferred inputs (both learned).</summary>
    public double CoPriorTau { get; init; } = 10;

    /// <summary>co_prior_nu: initial innovation variance ν of the AR(1) prior (see <see cref="CoPriorTau"/>).</summary>
    public double CoPriorNu { get; init; } = 0.1;

    /// <summary>kl_ic_scale: weight of the initial condition's KL term.</summary>
    public double KlIcScale { get; init; } = 1e-7;
    /// <summary>kl_co_scale: weight of the inferred inputs' KL term.</summary>
    public double KlCoScale { get; init; } = 1e-7;

    /// <summary>KL ramp: weight clamp((epoch + 1 − start)/(epochs + 1), 0, 1).</summary>
    public int KlRampStart { get; init; }
    /// <summary>Length of the KL ramp, in epochs (see <see cref="KlRampStart"/>).</summary>
    public int KlRampEpochs { get; init; } = 80;

    /// <summary>L2 penalty scales on the recurrent (hidden-to-hidden) kernels.</summary>
    public double L2IcEncScale { get; init; }
    /// <summary>L2 scale of the controller-input encoder's recurrent kernels.</summary>
    public double L2CiEncScale { get; init; }
    /// <summary>L2 scale of the generator's recurrent kernel.</summary>
    public double L2GenScale { get; init; }
    /// <summary>L2 scale of the controller's recurrent kernel.</summary>
    public double L2ConScale { get; init; }
    /// <summary>Epoch at which the L2 ramp starts: weight clamp((epoch + 1 − start)/(epochs + 1), 0, 1), as the KL ramp.</summary>
    public int L2RampStart { get; init; }
    /// <summary>Length of the L2 ramp, in epochs.</summary>
    public int L2RampEpochs { get; init; } = 80;

    /// <summary>loss_scale: the objective is multiplied by this before back-propagation (clipping and Adam's ε see it).</summary>
    public double LossScale { get; init; } = 1e4;

    /// <summary>Inference: 0 uses the posterior means (one deterministic pass); K ≥ 1 averages the rates of K sampled passes (lfads-torch: 50).</summary>
    public int PosteriorSamples { get; init; }

    /// <summary>Teacher only: where behavior enters (generator: external input, L1; encoder: encoder input, L2).</summary>
    public LfadsBehaviorInput BehaviorInput { get; init; } = LfadsBehaviorInput.Generator;
}
