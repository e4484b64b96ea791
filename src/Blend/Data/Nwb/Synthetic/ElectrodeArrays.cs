using Blend.Data.Nwb.Writing;

namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// The electrodes of a session: one 96-channel Utah array (device and electrode group) per brain area, with the
/// electrodes split evenly between the areas and laid on a 400 µm grid, as in the NLB files' electrodes table.
/// </summary>
internal static class ElectrodeArrays
{
    public static void AddTo(NwbFileBuilder builder, IReadOnlyList<string> areas, int electrodes)
    {
        int perArea = (electrodes + areas.Count - 1) / areas.Count;
        foreach (string area in areas)
            builder.AddElectrodeGroup(new NwbElectrodeGroup($"electrode_group_{area}", $"Electrodes in {area}", area,
                $"electrode_array_{area}", $"96-electrode Utah array in {area} (synthetic)"));
        for (int e = 0; e < electrodes; e++)
        {
            string area = areas[e / perArea];
            int onArray = e % perArea;
            builder.AddElectrode(new NwbElectrode($"electrode_group_{area}", area, X: 0.4 * (onArray % 10), Y: 0.4 * (onArray / 10), Z: 0));
        }
    }
}
