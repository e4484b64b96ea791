namespace Blend.Data.Nwb.Writing;

/// <summary>An observation interval [Start, Stop] in seconds, one row of a unit's n × 2 <c>obs_intervals</c>.</summary>
public readonly record struct NwbInterval(double Start, double Stop);
