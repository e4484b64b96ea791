using Blend.Distillation;
using Blend.Models;
using Blend.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Training;

/// <summary>
/// The BLEND student's objective: α · the student's own loss (<see cref="NeuralDynamicsModel.TrainingLoss"/>: masked
/// Poisson NLL for NDT, plus the contrastive term for STNDT, the ELBO for LFADS) + (1 − α) · distillation term on the
/// output that loss was computed from. The teacher sees the input the student trains on
/// (<see cref="NeuralDynamicsModel.TeacherInput"/>: the same masked batch for NDT) plus the privileged behavior. The teacher is frozen: in eval mode (no dropout), without gradients,
/// its parameters outside every optimizer. (The reference distils from whatever mode its teacher happened to be left in.)
/// </summary>
public sealed class DistillationObjective : ITrainingObjective
{
    private readonly NeuralDynamicsModel _teacher;

    public DistillationObjective(NeuralDynamicsModel teacher, IDistillationStrategy strategy, double alpha = 0.5,
        TeacherInput teacherInput = TeacherInput.Masked)
    {
        if (!(alpha >= 0 && alpha <= 1)) throw new BlendInputException($"distillation alpha must be in [0, 1], got {alpha}");
        if (teacher.BehaviorDims == 0) throw new ArgumentException("the teacher must take behavior input", nameof(teacher));
        _teacher = teacher;
        Strategy = strategy;
        Alpha = alpha;
        TeacherInput = teacherInput;
        Freeze(teacher);
    }

    public IDistillationStrategy Strategy { get; }

    public double Alpha { get; }

    public TeacherInput TeacherInput { get; }

    public bool ReadsUnmaskedInput => TeacherInput == TeacherInput.Unmasked;

    public IEnumerable<(string Name, Parameter Parameter)> Parameters => Strategy.Parameters;

    public Tensor Loss(NeuralDynamicsModel student, MaskedBatch batch)
    {
        if (batch.Behavior is null) throw new InvalidOperationException("distillation needs the trials' behavior for the teacher");
        using var scope = NewDisposeScope();
        var own = student.TrainingLoss(batch);
        ModelOutput teacherOutput;
        using (no_grad())
        {
            _teacher.eval();
            var input = TeacherInput == TeacherInput.Unmasked
                ? batch.Unmasked ?? throw new InvalidOperationException("teacher_input: unmasked needs the batch's unmasked input (MaskedBatch.Unmasked)")
                : _teacher.TeacherInput(batch);
            teacherOutput = _teacher.Forward(input, batch.Behavior);
        }
        var loss = own.Loss * Alpha + Strategy.Loss(own.Output, teacherOutput) * (1 - Alpha);
        return loss.MoveToOuterDisposeScope();
    }

    private static void Freeze(NeuralDynamicsModel teacher)
    {
        teacher.eval();
        foreach (var parameter in teacher.parameters()) parameter.requires_grad = false;
    }
}
