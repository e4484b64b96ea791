using Blend.Data.Identity;

namespace Blend.Evaluation.Identity;

/// <summary>The two identity tasks of NeuPRINT's evaluation (Mi et al. 2023).</summary>
public enum IdentityTask
{
    /// <summary>EC vs IN; every identity is a sample (each EC neuron-session is its own identity).</summary>
    Class,

    /// <summary>Lamp5 / Vip / Pvalb / Sst / Sncg; only record neurons with one of those subclasses are samples.</summary>
    Subclass,
}

/// <summary>Samples, integer labels and label names of each task. Label k is the enum value k of the task's label type.</summary>
public static class IdentityTasks
{
    /// <summary>Both tasks, class first.</summary>
    public static IReadOnlyList<IdentityTask> All { get; } = [IdentityTask.Class, IdentityTask.Subclass];

    private static readonly string[] ClassNames = Enum.GetValues<CellClass>().Select(CellLabels.Name).ToArray();
    private static readonly string[] SubclassNames = Enum.GetValues<Subclass>().Select(CellLabels.Name).ToArray();

    /// <summary>Label names indexed by label: EC, IN or Lamp5, Vip, Pvalb, Sst, Sncg.</summary>
    public static IReadOnlyList<string> LabelNames(IdentityTask task) => task == IdentityTask.Class ? ClassNames : SubclassNames;

    /// <summary>Number of labels of <paramref name="task"/>: 2 for class, 5 for subclass.</summary>
    public static int ClassCount(IdentityTask task) => LabelNames(task).Count;

    /// <summary>The neuron's label in the task, or null when it is not a sample of the task.</summary>
    public static int? Label(IdentityTask task, IdentityNeuron neuron) =>
        task == IdentityTask.Class ? (int)neuron.Class : (int?)neuron.Subclass;

    /// <summary>Whether <paramref name="neuron"/> has a label in <paramref name="task"/> (every identity for class; labelled record neurons for subclass).</summary>
    public static bool IsSample(IdentityTask task, IdentityNeuron neuron) => Label(task, neuron) is not null;
}
