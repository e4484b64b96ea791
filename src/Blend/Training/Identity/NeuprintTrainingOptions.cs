namespace Blend.Training.Identity;

/// <summary>
/// How NeuPRINT's dynamics model and embeddings are trained (Mi et al. 2023, its released code).
/// Defaults are the released code's values (GPU scale: 40,000 steps of 2 windows × 512 neurons × 200 frames); the
/// CPU configs shrink steps, neurons and windows.
/// </summary>
public sealed record NeuprintTrainingOptions
{
    /// <summary>Optimiser steps of joint training (the code: 400 epochs × 100 steps).</summary>
    public int Steps { get; init; } = 40_000;

    /// <summary>Steps between progress reports and held-out-time validation (the code's "epoch").</summary>
    public int StepsPerEpoch { get; init; } = 100;

    /// <summary>Neurons sampled (with replacement) from one session per step.</summary>
    public int NeuronsPerStep { get; init; } = 512;

    /// <summary>Windows (distinct start frames) per step.</summary>
    public int WindowsPerStep { get; init; } = 2;

    /// <summary>Frames per window.</summary>
    public int Window { get; init; } = 200;

    /// <summary>Fraction of each step's neurons drawn from record (transcriptomically matched) neurons; the rest from the others.</summary>
    public double RecordFraction { get; init; } = 0.9;

    /// <summary>Probability that an activity entry is selected for reconstruction (BERT-style: 80 % zeroed, 10 % noise, 10 % kept).</summary>
    public double MaskRatio { get; init; } = 0.25;

    /// <summary>Selected entries come in runs of this many consecutive frames (1: independent entries, the released
    /// code). Longer runs hide a neuron's recent past too, so behaviour matters more for the reconstruction.</summary>
    public int MaskSpan { get; init; } = 1;

    /// <summary>Adam learning rate for the model and Φ.</summary>
    public double Lr { get; init; } = 1e-3;

    /// <summary>Adam learning rate for Φ in joint training (0: <see cref="Lr"/>, as the code). A Φ row starts
    /// U(−1, 1) and moves at most ≈ lr per step it is sampled, so short CPU runs need a larger rate here.</summary>
    public double EmbeddingLr { get; init; }

    /// <summary>The rate Φ trains with: <see cref="EmbeddingLr"/>, or <see cref="Lr"/> when that is 0.</summary>
    public double EffectiveEmbeddingLr => EmbeddingLr > 0 ? EmbeddingLr : Lr;

    /// <summary>Global gradient-norm clip on the model's parameters (Φ is not clipped, as in the code).</summary>
    public double GradientClip { get; init; } = 1.0;

    /// <summary>Windows start in the first this fraction of each session's frames; validation uses the rest (held-out time).</summary>
    public double TrainFraction { get; init; } = 0.75;

    /// <summary>Optimiser steps of each Φ re-fit with the model frozen (the code: 100 epochs × 100 steps).</summary>
    public int RefitSteps { get; init; } = 10_000;

    /// <summary>Adam learning rate of the Φ re-fit.</summary>
    public double RefitLr { get; init; } = 1e-3;

    /// <summary>Parity switch: keep the frozen model in training mode (dropout on) during re-fits, as the code does.</summary>
    public bool RefitDropout { get; init; }

    /// <summary>Weight of the student's own masked reconstruction loss in distillation; the strategy term gets 1 − α.</summary>
    public double Alpha { get; init; } = 0.5;

    /// <summary>Weight of the optional Φ distillation term ‖A·Φ_student − Φ_teacher‖² (0: off; not in BLEND).</summary>
    public double EmbeddingDistillation { get; init; }

    /// <summary>Intra-op threads (0: libtorch's default).</summary>
    public int Threads { get; init; }
}
