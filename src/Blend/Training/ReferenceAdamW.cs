using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Training;

/// <summary>
/// The reference's optimiser, <c>pytorch_transformers.AdamW</c> (as NDT uses it), with correct_bias on. For each parameter p
/// with gradient g, at its step t:
/// <code>
/// m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²
/// p ← p − lr·(√(1 − β2^t) / (1 − β1^t))·m / (√v + eps)      (eps added to √v before bias correction)
/// p ← p − lr·wd·p                                            (decoupled decay of the updated p, every parameter)
/// </code>
/// This differs slightly from <c>torch.optim.AdamW</c>, which decays first and corrects √v before adding eps.
/// Parameters without a gradient are skipped and keep their step count. All work stays on the device.
/// </summary>
public sealed class ReferenceAdamW : IDisposable
{
    private readonly (string Name, Parameter Parameter)[] _parameters;
    private readonly Dictionary<string, Slot> _state = new(StringComparer.Ordinal);

    private sealed class Slot(Tensor expAvg, Tensor expAvgSq, long step)
    {
        public Tensor ExpAvg = expAvg;
        public Tensor ExpAvgSq = expAvgSq;
        public long Step = step;
    }

    /// <summary>An optimiser over the parameters that require gradients; state is created lazily at each parameter's first step.</summary>
    /// <param name="parameters">Named parameters; the names key the optimiser state in checkpoints.</param>
    /// <param name="lr">Initial learning rate (the schedule overwrites <see cref="LearningRate"/>).</param>
    /// <param name="weightDecay">Decoupled weight decay wd, applied to every parameter.</param>
    /// <param name="eps">ε added to √v.</param>
    /// <param name="beta1">β1, decay of the first-moment average.</param>
    /// <param name="beta2">β2, decay of the second-moment average.</param>
    public ReferenceAdamW(IEnumerable<(string Name, Parameter Parameter)> parameters, double lr, double weightDecay,
        double eps = 1e-6, double beta1 = 0.9, double beta2 = 0.999)
    {
        _parameters = parameters.Where(p => p.Parameter.requires_grad).ToArray();
        LearningRate = lr;
        WeightDecay = weightDecay;
        Eps = eps;
        Beta1 = beta1;
        Beta2 = beta2;
    }

    /// <summary>The learning rate of the next <see cref="Step"/> (the schedule sets it).</summary>
    public double LearningRate { get; set; }

    /// <summary>Decoupled weight decay wd: each step multiplies p by (1 − lr·wd) after the Adam update.</summary>
    public double WeightDecay { get; }
    /// <summary>ε added to √v (before bias correction).</summary>
    public double Eps { get; }
    /// <summary>β1: decay of the gradient's running mean m.</summary>
    public double Beta1 { get; }
    /// <summary>β2: decay of the squared gradient's running mean v.</summary>
    public double Beta2 { get; }

    /// <summary>The optimised parameters with their names (those that required gradients at construction).</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters => _parameters;

    /// <summary>Zeroes every existing gradient in place (detached first); gradients that were never allocated stay null.</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in _parameters)
        {
            using var grad = p.grad;
            if (grad is not null) { grad.detach_(); grad.zero_(); }
        }
    }

    /// <summary>One AdamW update of every parameter that has a gradient, at the current <see cref="LearningRate"/>.</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        foreach (var (name, p) in _parameters)
        {
            using var scope = NewDisposeScope();
            var grad = p.grad;
            if (grad is null) continue;
            if (!_state.TryGetValue(name, out var slot))
            {
                slot = new Slot(zeros_like(p).DetachFromDisposeScope(), zeros_like(p).DetachFromDisposeScope(), 0);
                _state[name] = slot;
            }
            slot.Step++;
            slot.ExpAvg.mul_(Beta1).add_(grad, alpha: 1 - Beta1);
            slot.ExpAvgSq.mul_(Beta2).addcmul_(grad, grad, value: 1 - Beta2);
            var denom = slot.ExpAvgSq.sqrt().add_(Eps);
            double stepSize = LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, slot.Step)) / (1 - Math.Pow(Beta1, slot.Step));
            p.addcdiv_(slot.ExpAvg, denom, value: -stepSize);
            if (WeightDecay > 0) p.add_(p, alpha: -LearningRate * WeightDecay);
        }
    }

    /// <summary>The optimiser state as named tensors (<c>exp_avg.NAME</c>, <c>exp_avg_sq.NAME</c>) plus step counts by name.</summary>
    public (Dictionary<string, Tensor> Tensors, Dictionary<string, long> Steps) StateDict()
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var steps = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, slot) in _state)
        {
            tensors[$"exp_avg.{name}"] = slot.ExpAvg;
            tensors[$"exp_avg_sq.{name}"] = slot.ExpAvgSq;
            steps[name] = slot.Step;
        }
        return (tensors, steps);
    }

    /// <summary>Restores state saved by <see cref="StateDict"/>; tensors are copied, so the caller keeps ownership.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, long> steps)
    {
        DisposeState();
        var known = _parameters.ToDictionary(p => p.Name, p => p.Parameter, StringComparer.Ordinal);
        foreach (var (name, step) in steps)
        {
            if (!known.TryGetValue(name, out var p))
                throw new InvalidDataException($"optimizer state for unknown parameter '{name}'");
            Tensor Take(string key)
            {
                if (!tensors.TryGetValue(key, out var t)) throw new InvalidDataException($"optimizer state '{key}' missing");
                if (!t.shape.SequenceEqual(p.shape))
                    throw new InvalidDataException($"optimizer state '{key}' has shape ({string.Join(", ", t.shape)}), parameter has ({string.Join(", ", p.shape)})");
                return t.to_type(p.dtype).clone().DetachFromDisposeScope();
            }
            _state[name] = new Slot(Take($"exp_avg.{name}"), Take($"exp_avg_sq.{name}"), step);
        }
    }

    private void DisposeState()
    {
        foreach (var slot in _state.Values)
        {
            slot.ExpAvg.Dispose();
            slot.ExpAvgSq.Dispose();
        }
        _state.Clear();
    }

    /// <summary>Disposes the moment tensors and clears the state.</summary>
    public void Dispose() => DisposeState();
}
