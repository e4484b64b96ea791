namespace Blend.Data;

/// <summary>
/// One contiguous time block of a continuous recording (bins [<see cref="StartBin"/>, <see cref="EndBin"/>) after
/// rebinning) and the windows chopped from it: window i covers bins [WindowStarts[i], WindowStarts[i] + window +
/// forward). <see cref="Chopping.Merge"/> with <see cref="OverlapBins"/> puts per-window predictions back in place.
/// </summary>
public sealed record DatasetSplit
{
    /// <summary>The fraction of the recording asked for.</summary>
    public required double Fraction { get; init; }

    /// <summary>First bin of the block in the (rebinned) recording; inclusive.</summary>
    public required int StartBin { get; init; }

    /// <summary>Exclusive.</summary>
    public required int EndBin { get; init; }

    /// <summary>Bins shared by consecutive windows of this block.</summary>
    public required int OverlapBins { get; init; }

    /// <summary>First bin of each window in the whole recording, ascending; the remainder after the last window is unused.</summary>
    public required int[] WindowStarts { get; init; }

    /// <summary>Length of the block in bins (<see cref="EndBin"/> − <see cref="StartBin"/>); not written to JSON.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Bins => EndBin - StartBin;
}
