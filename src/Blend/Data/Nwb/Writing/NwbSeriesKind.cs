namespace Blend.Data.Nwb.Writing;

/// <summary>The neurodata type of a time series: plain TimeSeries, or SpatialSeries (positions, with a reference frame).</summary>
public enum NwbSeriesKind
{
    /// <summary>A plain NWB TimeSeries (e.g. velocities).</summary>
    TimeSeries,
    /// <summary>An NWB SpatialSeries: positions, optionally with a <c>reference_frame</c>.</summary>
    SpatialSeries,
}
