using Blend.Data.Identity;

namespace Blend.Evaluation.Identity;

/// <summary>
/// One leave-one-mouse-out fold for one seed: every identity of <see cref="HeldOutMouse"/> is a test sample, the other
/// mice's identities are classifier-train or classifier-validation samples. Lists hold identity ids (rows of the feature
/// matrix) in ascending order and cover every identity of the dataset (the class task); <see cref="For"/> narrows
/// them to one task's samples, so the subclass task's split is a subset of the class task's.
/// </summary>
public sealed record IdentityFold(
    string HeldOutMouse, int Seed, IReadOnlyList<int> Train, IReadOnlyList<int> Validation, IReadOnlyList<int> Test)
{
    /// <summary>The fold with only the samples of <paramref name="task"/>.</summary>
    public IdentityFold For(IdentityTask task, IReadOnlyList<IdentityNeuron> neurons)
    {
        int[] Keep(IReadOnlyList<int> ids) => ids.Where(id => IdentityTasks.IsSample(task, neurons[id])).ToArray();
        return this with { Train = Keep(Train), Validation = Keep(Validation), Test = Keep(Test) };
    }
}
