namespace Blend.Data.Nwb.Writing;

/// <summary>
/// One row of the units table. The arrays are kept, not copied, so units may share one interval array.
/// </summary>
/// <param name="Id">The unit id (DANDI: electrode × 10 + sort code; need not be ascending in row order).</param>
/// <param name="Heldout">The NLB <c>heldout</c> flag: true for units held out from the model's input.</param>
/// <param name="SpikeTimes">Spike times in seconds (ascending, though that is not checked).</param>
/// <param name="ObsIntervals">Where the unit was observed; nlb_tools takes them from the first unit of each group.</param>
/// <param name="Electrodes">Rows of the electrodes table the unit was recorded on; null when the file has none.</param>
public sealed record NwbUnit(long Id, bool Heldout, double[] SpikeTimes, NwbInterval[] ObsIntervals, int[]? Electrodes = null);
