using Blend.Models;
using Blend.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Distillation;

/// <summary>
/// The BLEND student's objective: α · masked Poisson NLL + (1 − α) · distillation term, where the teacher sees the same
/// masked batch plus the privileged behavior. The teacher is frozen: in eval mode (no dropout), without gradients,
/// its parameters outside every optimizer. (The reference distils from whatever mode its teacher happened to be left in.)
/// </summary>
public sealed class DistillationObjective : ITrainingObjective
{
    private readonly NeuralDynamicsModel _teacher;

    public DistillationObjective(NeuralDynamicsModel teacher, IDistillationStrategy strategy, double alpha = 0.5)
    {
        if (!(alpha >= 0 && alpha <= 1)) throw new BlendInputException($"distillation alpha must be in [0, 1], got {alpha}");
        if (teacher.BehaviorDims == 0) throw new ArgumentException("the teacher must take behavior input", nameof(teacher));
        _teacher = teacher;
        Strategy = strategy;
        Alpha = alpha;
        Freeze(teacher);
    }

    public IDistillationStrategy Strategy { get; }

    public double Alpha { get; }

    public IEnumerable<(string Name, Parameter Parameter)> Parameters => Strategy.Parameters;

    public Tensor Loss(NeuralDynamicsModel student, MaskedBatch batch)
    {
        if (batch.Behavior is null) throw new InvalidOperationException("distillation needs the trials' behavior for the teacher");
        using var scope = NewDisposeScope();
        var studentOutput = student.Forward(batch.Input);
        ModelOutput teacherOutput;
        using (no_grad())
        {
            _teacher.eval();
            teacherOutput = _teacher.Forward(batch.Input, batch.Behavior);
        }
        var modeling = MaskedPoissonLoss.Mean(studentOutput.LogRates, batch.Labels);
        var loss = modeling * Alpha + Strategy.Loss(studentOutput, teacherOutput) * (1 - Alpha);
        return loss.MoveToOuterDisposeScope();
    }

    private static void Freeze(NeuralDynamicsModel teacher)
    {
        teacher.eval();
        foreach (var parameter in teacher.parameters()) parameter.requires_grad = false;
    }
}
