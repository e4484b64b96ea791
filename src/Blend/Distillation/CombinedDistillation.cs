using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Distillation;

/// <summary>A weighted sum of strategies, e.g. 0.7·hard + 0.3·soft.</summary>
public sealed class CombinedDistillation : IDistillationStrategy
{
    private readonly (double Weight, IDistillationStrategy Strategy)[] _parts;

    /// <summary>Combines <paramref name="parts"/> as Σ weight × term; at least one part is required.</summary>
    /// <param name="parts">The weighted strategies, e.g. <c>(0.7, new HardDistillation()), (0.3, new SoftDistillation())</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="parts"/> is empty.</exception>
    public CombinedDistillation(params (double Weight, IDistillationStrategy Strategy)[] parts)
    {
        if (parts.Length == 0) throw new ArgumentException("a combination needs at least one strategy", nameof(parts));
        _parts = parts;
    }

    /// <summary>The weighted terms joined by '+', e.g. <c>0.7*hard+0.3*soft</c> (weights to at most three decimals).</summary>
    public string Name => string.Join("+", _parts.Select(p => $"{p.Weight:0.###}*{p.Strategy.Name}"));

    /// <summary>The learned parameters of every part (e.g. feature projectors), each name prefixed with <c>part{i}.</c> for its part's index.</summary>
    public IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> Parameters =>
        _parts.SelectMany((p, i) => p.Strategy.Parameters.Select(q => ($"part{i}.{q.Name}", q.Parameter)));

    /// <summary>The weighted sum of the parts' losses on the same student and teacher outputs: a 0-d tensor with gradient.</summary>
    public Tensor Loss(ModelOutput student, ModelOutput teacher)
    {
        Tensor? total = null;
        foreach (var (weight, strategy) in _parts)
        {
            var term = strategy.Loss(student, teacher) * weight;
            total = total is null ? term : total + term;
        }
        return total!;
    }
}
