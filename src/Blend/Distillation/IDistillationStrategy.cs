using Blend.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Distillation;

/// <summary>
/// A distillation term between a student's and a frozen teacher's outputs on the same masked batch. Strategies that
/// learn something of their own (the feature projector) expose those parameters, which are trained with the student.
/// </summary>
public interface IDistillationStrategy
{
    /// <summary>Name as written in configs and result tables (hard, soft, correlation, feature, or a combination).</summary>
    string Name { get; }

    /// <summary>A 0-d loss with gradient for the student (and the strategy's own parameters).</summary>
    Tensor Loss(ModelOutput student, ModelOutput teacher);

    /// <summary>Parameters the strategy learns alongside the student (none for most).</summary>
    IEnumerable<(string Name, Parameter Parameter)> Parameters => [];
}
