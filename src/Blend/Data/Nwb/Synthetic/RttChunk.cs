namespace Blend.Data.Nwb.Synthetic;

/// <summary>A continuously recorded stretch [StartMs, StopMs) of an MC_RTT-like session, cut into 600 ms segments.</summary>
internal readonly record struct RttChunk(long StartMs, long StopMs, int Segments)
{
    public int Samples => (int)(StopMs - StartMs);
}
