using TorchSharp;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// A neural population dynamics model (NDT, STNDT, LFADS, …) as the training engine and distillation see it: it maps
/// neural input (B × T × N; masked, with zeros where neurons or bins are to be predicted) and, for a teacher,
/// privileged behavior (B × T × D) to log-rates for all N neurons plus per-layer features. The teacher is the same
/// family built with <see cref="BehaviorDims"/> &gt; 0; the student has none and ignores behavior.
/// </summary>
public abstract class NeuralDynamicsModel : nn.Module
{
    protected NeuralDynamicsModel(string name) : base(name) { }

    /// <summary>Neurons in the input and in the predicted log-rates (held-in plus held-out).</summary>
    public abstract int Neurons { get; }

    /// <summary>Behavior channels the model takes as privileged input (0: neural input only).</summary>
    public abstract int BehaviorDims { get; }

    /// <summary>Width of <see cref="ModelOutput.LayerFeatures"/> entries.</summary>
    public abstract int FeatureWidth { get; }

    public abstract ModelOutput Forward(Tensor neural, Tensor? behavior = null);

    /// <summary>
    /// For a teacher: learn behavior normalisation statistics from the training trials (B × T × D, NaN = unknown)
    /// before training. Models without behavior input ignore it.
    /// </summary>
    public virtual void FitBehavior(Tensor trainingBehavior) { }
}
