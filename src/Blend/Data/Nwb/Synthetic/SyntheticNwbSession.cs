using Blend.Data.Nwb.Writing;

namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// A generated session, laid out but not yet written: tests can still damage or trim <see cref="Builder"/> (see
/// <see cref="NwbFileBuilder.Omit"/>) before <see cref="NwbFileBuilder.Write"/>.
/// </summary>
public sealed record SyntheticNwbSession(NwbFileBuilder Builder, SyntheticNwbSummary Summary)
{
    /// <summary>Writes the session as an NWB 2.6.0 (HDF5) file at <paramref name="path"/>, atomically, replacing any existing file.</summary>
    public void Write(string path) => Builder.Write(path);
}
