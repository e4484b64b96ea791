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

    /// <summary>Distils <paramref name="teacher"/> into the student being trained; the teacher is frozen here (eval mode, no gradients).</summary>
    /// <param name="teacher">A trained teacher of the student's family (<see cref="NeuralDynamicsModel.BehaviorDims"/> &gt; 0).</param>
    /// <param name="strategy">The distillation term.</param>
    /// <param name="alpha">Weight α ∈ [0, 1] of the student's own loss; the distillation term gets 1 − α.</param>
    /// <param name="teacherInput">What the teacher reads: the student's batch input or the unmasked spikes.</param>
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

    /// <summary>The distillation term between student and teacher outputs.</summary>
    public IDistillationStrategy Strategy { get; }

    /// <summary>Weight α of the student's own loss; the distillation term is weighted 1 − α.</summary>
    public double Alpha { get; }

    /// <summary>What the frozen teacher reads on each batch (<c>distillation.teacher_input</c>).</summary>
    public TeacherInput TeacherInput { get; }

    /// <summary>True when the teacher reads the unmasked spikes, so the trainer must fill <see cref="MaskedBatch.Unmasked"/>.</summary>
    public bool ReadsUnmaskedInput => TeacherInput == TeacherInput.Unmasked;

    /// <summary>The strategy's own learned parameters (e.g. feature projectors), trained with the student.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> Parameters => Strategy.Parameters;

    /// <summary>α · the student's own training loss + (1 − α) · the strategy's term against the teacher's output on the same batch (0-d).</summary>
    /// <exception cref="InvalidOperationException">The batch has no behavior, or the unmasked input is needed and missing.</exception>
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
