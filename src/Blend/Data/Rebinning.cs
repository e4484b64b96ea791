namespace Blend.Data;

/// <summary>
/// Coarsens a time × channels recording by merging each run of <c>factor</c> consecutive bins into one. A trailing
/// run shorter than <c>factor</c> is dropped, so every output bin spans the same time.
/// </summary>
public static class Rebinning
{
    /// <summary>Spike counts add up.</summary>
    public static RowMatrix Sum(RowMatrix recording, int factor) => Combine(recording, factor, average: false);

    /// <summary>Behaviour is averaged; a NaN anywhere in a run makes that output bin NaN (unknown stays unknown).</summary>
    public static RowMatrix Mean(RowMatrix recording, int factor) => Combine(recording, factor, average: true);

    private static RowMatrix Combine(RowMatrix recording, int factor, bool average)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        if (factor == 1) return recording;
        var result = new RowMatrix(recording.Rows / factor, recording.Cols);
        for (int row = 0; row < result.Rows; row++)
        {
            var target = result.Row(row);
            for (int k = 0; k < factor; k++)
            {
                var source = recording.Row(row * factor + k);
                for (int c = 0; c < target.Length; c++) target[c] += source[c];
            }
            if (average)
                for (int c = 0; c < target.Length; c++) target[c] /= factor;
        }
        return result;
    }
}
