using Blend.Data.Synthetic;

namespace Blend.Data.Identity.Synthetic;

/// <summary>
/// The cell types SynthBugeon draws: excitatory cells, the five interneuron subclasses of the subclass task, and
/// Serpinf1, an interneuron t-type that has no subclass (NeuPRINT drops it from the subclass task).
/// </summary>
public enum SynthCellType
{
    /// <summary>Excitatory cell (EC).</summary>
    Excitatory,
    /// <summary>Lamp5 interneuron.</summary>
    Lamp5,
    /// <summary>Vip interneuron.</summary>
    Vip,
    /// <summary>Pvalb interneuron.</summary>
    Pvalb,
    /// <summary>Sst interneuron.</summary>
    Sst,
    /// <summary>Sncg interneuron.</summary>
    Sncg,
    /// <summary>Serpinf1 interneuron: IN for the class task, no subclass.</summary>
    Serpinf1,
}

/// <summary>Helpers for <see cref="SynthCellType"/>: subclass proportions, names and the t-types of labelled cells.</summary>
public static class SynthCellTypes
{
    /// <summary>The five subclasses in NeuPRINT's class-index order, with the pool proportions
    /// (inferred from the code's [1, 1, 1, 3, 3] class weights; replace with real counts when known).</summary>
    public static readonly IReadOnlyList<(SynthCellType Type, double Proportion)> SubclassProportions =
    [
        (SynthCellType.Lamp5, 0.25),
        (SynthCellType.Vip, 0.28),
        (SynthCellType.Pvalb, 0.25),
        (SynthCellType.Sst, 0.11),
        (SynthCellType.Sncg, 0.11),
    ];

    /// <summary>Distinct t-types per subclass: labelled cells are <c>&lt;Subclass&gt;-synth0</c> … <c>-synth2</c>.</summary>
    public const int TTypesPerSubclass = 3;

    /// <summary>Whether the type is an interneuron: every type but <see cref="SynthCellType.Excitatory"/>.</summary>
    public static bool IsInterneuron(this SynthCellType type) => type != SynthCellType.Excitatory;

    /// <summary>The subclass of the subclass task, or null (EC, Serpinf1).</summary>
    public static Subclass? AsSubclass(this SynthCellType type) => type switch
    {
        SynthCellType.Lamp5 => Subclass.Lamp5,
        SynthCellType.Vip => Subclass.Vip,
        SynthCellType.Pvalb => Subclass.Pvalb,
        SynthCellType.Sst => Subclass.Sst,
        SynthCellType.Sncg => Subclass.Sncg,
        _ => null,
    };

    /// <summary>The name in files and tables: EC, or the t-type prefix (Lamp5 … Serpinf1).</summary>
    public static string Name(this SynthCellType type) => type == SynthCellType.Excitatory ? "EC" : type.ToString();

    /// <summary>A labelled cell's line in <c>neuron.ttype.txt</c>, e.g. <c>Vip-synth2</c>.</summary>
    public static string TTypeName(SynthCellType type, int subtype) => $"{type.Name()}-synth{subtype}";

    /// <summary>How many t-types a labelled cell of this type chooses from (Serpinf1 has one).</summary>
    public static int TTypeCount(SynthCellType type) => type == SynthCellType.Serpinf1 ? 1 : TTypesPerSubclass;

    /// <summary>A subclass drawn with the pool proportions (for unlabelled IN, whose parameters follow a random subclass).</summary>
    public static SynthCellType DrawSubclass(SeededRandom random)
    {
        double u = random.Uniform(), cumulative = 0;
        foreach (var (type, proportion) in SubclassProportions)
        {
            cumulative += proportion;
            if (u < cumulative) return type;
        }
        return SubclassProportions[^1].Type;
    }
}
