using Blend.Data.Synthetic;

namespace Blend.Data.Identity.Synthetic;

/// <summary>
/// A mouse's labelled (transcriptomically matched) interneurons: each session draws some of them, and a cell keeps
/// its UID and identity parameters in every session it appears in. Subclasses follow the pool proportions exactly
/// (largest remainders), so even a small pool holds every subclass; ≈ 3% are Serpinf1.
/// </summary>
public sealed class LabelledPool
{
    /// <summary>UIDs of mouse i are i·10000 + 1000 + k: unique over the dataset but not 0…K−1, so a loader must remap.</summary>
    public static int FirstUniqueId(int mouseIndex) => mouseIndex * 10000 + 1000;

    /// <summary>
    /// The pool's cells; cell k has UID <c>FirstUniqueId(mouse) + k</c>, and types are in shuffled order.
    /// </summary>
    public required IReadOnlyList<SynthNeuron> Cells { get; init; }

    /// <summary>
    /// Draws a mouse's pool of <c>options.PoolPerMouse</c> labelled cells: type counts from <see cref="TypeCounts"/>
    /// in shuffled order, each cell with a t-type, parameters around its type means (shifted by the mouse's
    /// <paramref name="offsets"/>) and a position.
    /// </summary>
    public static LabelledPool Draw(int mouseIndex, SynthBugeonOptions options, MouseBetaOffsets offsets, SeededRandom random)
    {
        var types = TypeCounts(options.PoolPerMouse, options.Serpinf1Fraction)
            .SelectMany(count => Enumerable.Repeat(count.Type, count.Count)).ToArray();
        int[] order = random.Permutation(types.Length);
        var cells = new SynthNeuron[types.Length];
        for (int k = 0; k < cells.Length; k++)
        {
            var type = types[order[k]];
            string ttype = SynthCellTypes.TTypeName(type, random.Integer(SynthCellTypes.TTypeCount(type)));
            var parameters = NeuronParameters.Draw(type, options, offsets, random);
            var (x, y, z) = SynthNeuron.DrawPosition(random);
            cells[k] = new SynthNeuron(type, FirstUniqueId(mouseIndex) + k, ttype, parameters, x, y, z);
        }
        return new LabelledPool { Cells = cells };
    }

    /// <summary>How many cells of each type a pool of <paramref name="size"/> holds: Serpinf1 first, then the five
    /// subclasses by their proportions, rounded by largest remainder so the counts add up.</summary>
    public static IReadOnlyList<(SynthCellType Type, int Count)> TypeCounts(int size, double serpinf1Fraction)
    {
        int serpinf1 = (int)Math.Round(serpinf1Fraction * size, MidpointRounding.AwayFromZero);
        int rest = size - serpinf1;
        var shares = SynthCellTypes.SubclassProportions.Select(s => (s.Type, Exact: s.Proportion * rest)).ToArray();
        var counts = shares.Select(s => (int)Math.Floor(s.Exact)).ToArray();
        int missing = rest - counts.Sum();
        foreach (int i in Enumerable.Range(0, shares.Length)
            .OrderByDescending(i => shares[i].Exact - Math.Floor(shares[i].Exact)).ThenBy(i => i).Take(missing))
            counts[i]++;
        var result = shares.Select((s, i) => (s.Type, counts[i])).ToList();
        if (serpinf1 > 0) result.Add((SynthCellType.Serpinf1, serpinf1));
        return result;
    }
}
