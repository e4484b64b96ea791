using Blend.Data.Identity;
using Blend.Data;

namespace Blend.Evaluation.Identity;

/// <summary>
/// Leave-one-mouse-out folds with a nested, stratified, seeded 80/20 classifier-train / validation split of the other
/// mice (as NeuPRINT's evaluation). The split is drawn once per identity from its finest label (its subclass, else EC or
/// IN), so both tasks read the same assignment: the reference draws the class and subclass splits independently,
/// which leaves identities train in one task and validation in the other. Within each label, as in the
/// reference's <c>split_train_valid_test</c>, ⌊0.8·n⌋ identities go to train and the rest to validation.
/// </summary>
public static class IdentityFolds
{
    /// <summary>The reference's train fraction of the non-test identities.</summary>
    public const double ReferenceTrainFraction = 0.8;

    /// <summary>One fold per mouse of <paramref name="neurons"/>, mice in ordinal order.</summary>
    public static IReadOnlyList<IdentityFold> LeaveOneMouseOut(
        IReadOnlyList<IdentityNeuron> neurons, int seed, double trainFraction = ReferenceTrainFraction)
    {
        var mice = Mice(neurons);
        if (mice.Count < 2)
            throw new BlendInputException($"leave-one-mouse-out needs at least 2 mice, the identities come from {mice.Count}");
        return mice.Select(mouse => HoldOut(neurons, mouse, seed, trainFraction)).ToArray();
    }

    /// <summary>The fold that tests on <paramref name="mouse"/>.</summary>
    public static IdentityFold HoldOut(
        IReadOnlyList<IdentityNeuron> neurons, string mouse, int seed, double trainFraction = ReferenceTrainFraction)
    {
        RequireDenseIds(neurons);
        if (!(trainFraction > 0 && trainFraction <= 1))
            throw new BlendInputException($"classifier train fraction must be in (0, 1], got {trainFraction}");
        if (!neurons.Any(n => n.Mouse == mouse))
            throw new BlendInputException($"held-out mouse {mouse} has no identities (mice: {string.Join(", ", Mice(neurons))})");

        var test = neurons.Where(n => n.Mouse == mouse).Select(n => n.Id).ToArray();
        var train = new List<int>();
        var validation = new List<int>();
        var strata = neurons.Where(n => n.Mouse != mouse).GroupBy(Stratum, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var stratum in strata)
        {
            var ids = stratum.Select(n => n.Id).ToArray();
            var order = TrainingRandom.For(seed, $"identity split: without {mouse}, {stratum.Key}").Permutation(ids.Length);
            int trainCount = (int)(ids.Length * trainFraction);
            for (int k = 0; k < ids.Length; k++) (k < trainCount ? train : validation).Add(ids[order[k]]);
        }
        train.Sort();
        validation.Sort();
        return new IdentityFold(mouse, seed, train, validation, test);
    }

    /// <summary>The finest label of an identity: its subclass, else its class (EC, or IN without a subclass).</summary>
    internal static string Stratum(IdentityNeuron neuron) =>
        neuron.Subclass is { } subclass ? CellLabels.Name(subclass) : CellLabels.Name(neuron.Class);

    internal static IReadOnlyList<string> Mice(IReadOnlyList<IdentityNeuron> neurons) =>
        neurons.Select(n => n.Mouse).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Feature rows are indexed by identity id, so the list must be the dataset's <c>Neurons</c>.</summary>
    internal static void RequireDenseIds(IReadOnlyList<IdentityNeuron> neurons)
    {
        for (int i = 0; i < neurons.Count; i++)
            if (neurons[i].Id != i)
                throw new BlendInputException($"identity list: entry {i} has id {neurons[i].Id}; ids must be 0…{neurons.Count - 1} in order");
    }
}
