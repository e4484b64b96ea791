namespace Blend.Data.Nwb;

/// <summary>Progress of a conversion: the stage, and how far it is (in the stage's own units).</summary>
public readonly record struct NwbConversionProgress(string Stage, long Done, long Total);
