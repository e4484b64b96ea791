using Blend.Evaluation.Identity;
namespace Blend.Experiments.Identity;

/// <summary>The <c>experiment:</c> section of <c>blend identity</c>.</summary>
public sealed record IdentityExperimentOptions
{
    /// <summary>Replicates: replicate k trains every model with seed + k and splits the classifier data with it.</summary>
    public int Seeds { get; init; } = 3;

    /// <summary>Seed of the first replicate.</summary>
    public int Seed { get; init; }

    /// <summary>Comma-separated distillation strategies, one student each: hard (MSE on predictions at every entry),
    /// soft (MSE at the masked entries), correlation, feature, or weighted sums such as 0.5*hard+0.5*feature.</summary>
    public string Strategies { get; init; } = "hard,soft,correlation,feature";

    /// <summary>Comma-separated classifiers of Φ: knn, linear, mlp (and logistic, the class-balanced probe classifier).</summary>
    public string Classifiers { get; init; } = "knn,linear,mlp";

    /// <summary>The classifier of the headline table and the confusion matrices.</summary>
    public string PrimaryClassifier { get; init; } = "mlp";

    /// <summary>How the dynamics models relate to the leave-one-mouse-out folds (<c>protocol</c>): <c>shared</c>, one set of models per seed trained
    /// on every session (label-free); <c>per_fold</c>, retrained without each held-out mouse, as NeuPRINT's cross-animal test (Mi et al. 2023).</summary>
    public DynamicsProtocol Protocol { get; init; } = DynamicsProtocol.Shared;

    /// <summary>Also score the linear probes (behaviour-aware A, neural-only B) as rails.</summary>
    public bool Probes { get; init; } = true;

    /// <summary>Fraction of the non-test identities the classifiers train on; the rest selects their epoch.</summary>
    public double ClassifierTrainFraction { get; init; } = 0.8;
}
