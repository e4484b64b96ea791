using Blend.Data.Synthetic;

namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// Which units a session has, DANDI style: unit id = electrode × 10 + sort code (1–3), each on a distinct
/// (electrode, sort code); a random subset of exact size is held out, interleaved with the held-in units. MC_Maze's
/// file lists the units in no particular id order, MC_RTT's in ascending order.
/// </summary>
internal sealed record UnitLayout(long[] Ids, int[] Electrodes, bool[] Heldout)
{
    public int Count => Ids.Length;

    public static UnitLayout Draw(int units, int heldout, int electrodes, bool ascendingIds, SeededRandom random)
    {
        if (units > electrodes * 3) throw new ArgumentException($"{units} units do not fit on {electrodes} electrodes × 3 sort codes");
        // Random (electrode, slot) pairs; each electrode's units then get sort codes 1, 2, … so some electrodes carry
        // several units and ids end in 1, 2 or 3, as in the DANDI files.
        var codes = new int[electrodes];
        var slots = new List<(int Electrode, int Code)>(units);
        foreach (int slot in random.Permutation(electrodes * 3).Take(units))
        {
            int electrode = slot / 3;
            slots.Add((electrode, ++codes[electrode]));
        }
        if (ascendingIds) slots = slots.OrderBy(s => s.Electrode * 10 + s.Code).ToList();
        var held = new bool[units];
        foreach (int i in random.Permutation(units).Take(heldout)) held[i] = true;
        return new UnitLayout(slots.Select(s => (long)(s.Electrode * 10 + s.Code)).ToArray(), slots.Select(s => s.Electrode).ToArray(), held);
    }
}
