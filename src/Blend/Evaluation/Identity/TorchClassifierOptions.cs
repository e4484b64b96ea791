namespace Blend.Evaluation.Identity;

/// <summary>Which epoch's weights predict the test rows.</summary>
public enum ModelSelection
{
    /// <summary>The first epoch with the highest validation accuracy (the reference).</summary>
    BestVal,

    /// <summary>The last epoch.</summary>
    Last,
}

/// <summary>
/// Training of the linear and MLP identity classifiers. The defaults are NeuPRINT's released code's: full batch, Adam at
/// lr 1e-4 for 5000 epochs, StepLR halving every 2000 epochs, gradient norm clipped at 1, plain cross-entropy,
/// 2048 hidden units, and the best-validation-accuracy epoch. Fewer epochs make a CPU run affordable.
/// </summary>
public sealed record TorchClassifierOptions
{
    /// <summary>Training epochs, each one full-batch Adam step (default 5000).</summary>
    public int Epochs { get; init; } = 5000;

    /// <summary>Adam's initial learning rate (default 1e-4).</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Hidden units of the MLP (ignored by the linear classifier).</summary>
    public int Hidden { get; init; } = 2048;

    /// <summary>StepLR: the learning rate is multiplied by <see cref="Gamma"/> every <see cref="StepSize"/> epochs.</summary>
    public int StepSize { get; init; } = 2000;

    /// <summary>StepLR's factor on the learning rate every <see cref="StepSize"/> epochs (default 0.5).</summary>
    public double Gamma { get; init; } = 0.5;

    /// <summary>The global gradient norm is clipped to this before each step (default 1).</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>
    /// Weight each sample's cross-entropy by its class's inverse training frequency (normalised to sum to 1 over the
    /// classes present), then average over samples, as the reference's (unused) weighted loss does.
    /// </summary>
    public bool ClassWeighted { get; init; }

    /// <summary>Which epoch's weights predict the test rows (default: best validation accuracy).</summary>
    public ModelSelection Selection { get; init; } = ModelSelection.BestVal;

    /// <summary>Score the validation rows after every this many epochs (and after the last); 1 is exact per-epoch selection.</summary>
    public int ValidateEvery { get; init; } = 1;

    /// <summary>Throws <see cref="BlendInputException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new BlendInputException($"classifier epochs must be ≥ 1, got {Epochs}");
        if (!(LearningRate > 0)) throw new BlendInputException($"classifier learning rate must be > 0, got {LearningRate}");
        if (Hidden < 1) throw new BlendInputException($"classifier hidden units must be ≥ 1, got {Hidden}");
        if (StepSize < 1) throw new BlendInputException($"classifier lr step size must be ≥ 1, got {StepSize}");
        if (!(Gamma > 0)) throw new BlendInputException($"classifier lr gamma must be > 0, got {Gamma}");
        if (!(MaxGradNorm > 0)) throw new BlendInputException($"classifier gradient clip must be > 0, got {MaxGradNorm}");
        if (ValidateEvery < 1) throw new BlendInputException($"classifier validate-every must be ≥ 1, got {ValidateEvery}");
    }
}
