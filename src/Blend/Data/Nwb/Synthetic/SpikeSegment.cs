namespace Blend.Data.Nwb.Synthetic;

/// <summary>An observed stretch: its first millisecond, where its samples start in the behaviour arrays, how many
/// there are, and (MC_Maze) the trial's reach direction for the preparatory drive.</summary>
internal readonly record struct SpikeSegment(long StartMs, int Offset, int Samples, double ReachDirection = 0);
