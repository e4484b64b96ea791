using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Distillation;

/// <summary>A weighted sum of strategies, e.g. 0.7·hard + 0.3·soft.</summary>
public sealed class CombinedDistillation : IDistillationStrategy
{
    private readonly (double Weight, IDistillationStrategy Strategy)[] _parts;

    public CombinedDistillation(params (double Weight, IDistillationStrategy Strategy)[] parts)
    {
        if (parts.Length == 0) throw new ArgumentException("a combination needs at least one strategy", nameof(parts));
        _parts = parts;
    }

    public string Name => string.Join("+", _parts.Select(p => $"{p.Weight:0.###}*{p.Strategy.Name}"));

    public IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> Parameters =>
        _parts.SelectMany((p, i) => p.Strategy.Parameters.Select(q => ($"part{i}.{q.Name}", q.Parameter)));

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
