using TorchSharp;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// A neural population dynamics model (NDT, STNDT, LFADS, …) as the training engine and distillation see it: it maps
/// neural input (B × T × N; masked, with zeros where neurons or bins are to be predicted) and, for a teacher,
/// privileged behavior (B × T × D) to log-rates for all N neurons plus per-layer features. The teacher is the same
/// family built with <see cref="BehaviorDims"/> &gt; 0; the student has none and ignores behavior.
/// <para>
/// Adding a model means implementing this class. The defaults describe a masked-modeling model (NDT): it trains on
/// the masked batch with the masked Poisson loss, is validated the same way and predicts from the unmasked input. A
/// model with another self-supervised objective overrides <see cref="TrainingLoss"/> (and, where it differs,
/// <see cref="ValidationLoss"/>, <see cref="TeacherInput"/>, <see cref="PredictLogRates"/> and
/// <see cref="LossScale"/>); the trainer, every distillation strategy and the experiment runner then work unchanged.
/// </para>
/// </summary>
public abstract class NeuralDynamicsModel : nn.Module
{
    /// <summary>Names the TorchSharp module (e.g. <c>NeuralDataTransformer</c>).</summary>
    /// <param name="name">The module name.</param>
    protected NeuralDynamicsModel(string name) : base(name) { }

    /// <summary>Neurons in the input and in the predicted log-rates (held-in plus held-out).</summary>
    public abstract int Neurons { get; }

    /// <summary>Behavior channels the model takes as privileged input (0: neural input only).</summary>
    public abstract int BehaviorDims { get; }

    /// <summary>Width of <see cref="ModelOutput.LayerFeatures"/> entries.</summary>
    public abstract int FeatureWidth { get; }

    /// <summary>Number of <see cref="ModelOutput.LayerFeatures"/> entries (what feature distillation matches).</summary>
    public abstract int FeatureLayers { get; }

    /// <summary>
    /// One pass (dropout per training/eval mode): neural input B × T × N and, for a teacher, behavior B × T × D (null for a
    /// student) → log-rates B × T × N (log counts per bin) and the per-layer features.
    /// </summary>
    public abstract ModelOutput Forward(Tensor neural, Tensor? behavior = null);

    /// <summary>
    /// For a teacher: learn behavior normalisation statistics from the training trials (B × T × D, NaN = unknown)
    /// before training. Models without behavior input ignore it.
    /// </summary>
    public virtual void FitBehavior(Tensor trainingBehavior) { }

    /// <summary>
    /// True when the model trains on masked input (masked modeling), so masked-pass inference
    /// (<c>training.inference_passes</c> &gt; 1) means something for it.
    /// </summary>
    public virtual bool UsesMaskedInput => true;

    /// <summary>
    /// Factor by which the trainer multiplies the objective before back-propagation (LFADS' <c>loss_scale</c>); it
    /// matters for gradient clipping and the optimizer's ε, not for the logged losses.
    /// </summary>
    public virtual double LossScale => 1;

    /// <summary>The model's own training loss on a batch (training mode): by default the masked Poisson NLL of <see cref="Forward"/> on the masked input.</summary>
    public virtual ModelLoss TrainingLoss(MaskedBatch batch)
    {
        using var scope = NewDisposeScope();
        var output = Forward(batch.Input, BehaviorDims > 0 ? batch.Behavior : null);
        var loss = MaskedPoissonLoss.Mean(output.LogRates, batch.Labels);
        return MoveOut(loss, output);
    }

    /// <summary>The neural input a frozen teacher of this family sees for <paramref name="batch"/>: the input the student trains on.</summary>
    public virtual Tensor TeacherInput(MaskedBatch batch) => batch.Input;

    /// <summary>
    /// Summed validation loss and the number of entries it covers (0-d tensors; eval mode, no gradient), pooled over
    /// batches into the value that selects the model: by default the masked Poisson NLL on the masked input.
    /// </summary>
    public virtual (Tensor Sum, Tensor Count) ValidationLoss(MaskedBatch batch)
    {
        using var scope = NewDisposeScope();
        var output = Forward(batch.Input, BehaviorDims > 0 ? batch.Behavior : null);
        var (sum, count) = MaskedPoissonLoss.SumAndCount(output.LogRates, batch.Labels);
        return (sum.MoveToOuterDisposeScope(), count.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Log-rates for inference (eval mode, no gradient) from the unmasked input (held-in counts of the main bins,
    /// zeros elsewhere): by default one <see cref="Forward"/> pass.
    /// </summary>
    public virtual Tensor PredictLogRates(Tensor unmaskedInput, Tensor? behavior) => Forward(unmaskedInput, behavior).LogRates;

    /// <summary>
    /// The model's latent trajectories for inference (eval mode, no gradient) from the unmasked input, each
    /// B × T × width: by default the final layer's features (NDT/STNDT: the last encoder layer's output). Models with
    /// several latents (LFADS: factors, generator states, inferred inputs) override this.
    /// </summary>
    public virtual IReadOnlyList<NamedLatent> PredictLatents(Tensor unmaskedInput, Tensor? behavior)
    {
        using var scope = NewDisposeScope();
        var output = Forward(unmaskedInput, behavior);
        return [new NamedLatent("features", output.LayerFeatures[^1].MoveToOuterDisposeScope())];
    }

    /// <summary>Moves a loss and its output to the enclosing dispose scope, so they survive the method's own scope.</summary>
    protected static ModelLoss MoveOut(Tensor loss, ModelOutput output)
    {
        var features = output.LayerFeatures.Select(f => f.MoveToOuterDisposeScope()).ToArray();
        return new ModelLoss(loss.MoveToOuterDisposeScope(), new ModelOutput(output.LogRates.MoveToOuterDisposeScope(), features));
    }
}
