using Blend.Training;
using Blend.Evaluation.Results;

namespace Blend.Experiments;

/// <summary>One training run of an experiment, as progress reports name it.</summary>
/// <param name="Index">0-based position among all <paramref name="Total"/> runs of the model family.</param>
/// <param name="Total">Trained models of the family in the experiment.</param>
/// <param name="Replicate">0-based replicate index.</param>
/// <param name="Replicates">Replicates in the experiment.</param>
/// <param name="Seed">The replicate's training seed.</param>
/// <param name="Model">The model's name (baseline, teacher, student-&lt;strategy&gt;).</param>
/// <param name="Role">Baseline, teacher or student.</param>
/// <param name="Epochs">The training budget in epochs.</param>
/// <param name="Architecture">The model family (model.architecture).</param>
public sealed record ExperimentStep(int Index, int Total, int Replicate, int Replicates, int Seed, string Model, ModelRole Role, int Epochs,
    string Architecture = "");

/// <summary>Receives an experiment's progress (calls come from the training thread).</summary>
public interface IExperimentObserver
{
    /// <summary>An observer for the training loop of <paramref name="step"/> (progress bars), or null.</summary>
    ITrainingObserver? Starting(ExperimentStep step) => null;

    /// <summary>After a model is trained, its best checkpoint reloaded and its rates scored.</summary>
    void Finished(ExperimentStep step, ModelRun run) { }

    /// <summary>
    /// After a student's training: the teacher it was distilled from (the teacher's best checkpoint in a fresh, frozen
    /// model), for checks; it is disposed after the replicate.
    /// </summary>
    void TeacherUsed(ExperimentStep step, Blend.Models.NeuralDynamicsModel teacher) { }

    /// <summary>A note worth showing (a warning, what is being written).</summary>
    void Note(string message) { }
}
