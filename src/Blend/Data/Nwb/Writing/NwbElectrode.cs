namespace Blend.Data.Nwb.Writing;

/// <summary>One row of <c>/general/extracellular_ephys/electrodes</c>; <paramref name="Group"/> names an electrode group.</summary>
public sealed record NwbElectrode(string Group, string Location, double X, double Y, double Z, double Impedance = double.NaN, string Filtering = "unknown");
