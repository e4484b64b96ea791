namespace Blend.Data.Nwb.Writing;

/// <summary>The neurodata type of a time series: plain TimeSeries, or SpatialSeries (positions, with a reference frame).</summary>
public enum NwbSeriesKind
{
    TimeSeries,
    SpatialSeries,
}
