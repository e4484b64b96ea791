using Blend.Data;
namespace Blend.Evaluation;

/// <summary>
/// Summation in the orders numpy uses, so that sums match nlb_tools to the last bits where the data allow:
/// a contiguous 1-D reduction is pairwise (8-way unrolled blocks of ≤128), a reduction over the leading axis of a
/// multi-column C-order array is a plain running sum per column.
/// </summary>
internal static class NumpySum
{
    private const int BlockSize = 128; // numpy's PW_BLOCKSIZE

    /// <summary>np.sum of a contiguous float64 array.</summary>
    public static double Pairwise(ReadOnlySpan<double> values)
    {
        if (values.Length < 8)
        {
            double res = 0.0;
            foreach (double v in values) res += v;
            return res;
        }
        if (values.Length <= BlockSize)
        {
            double r0 = values[0], r1 = values[1], r2 = values[2], r3 = values[3];
            double r4 = values[4], r5 = values[5], r6 = values[6], r7 = values[7];
            int i = 8;
            int whole = values.Length - values.Length % 8;
            for (; i < whole; i += 8)
            {
                r0 += values[i]; r1 += values[i + 1]; r2 += values[i + 2]; r3 += values[i + 3];
                r4 += values[i + 4]; r5 += values[i + 5]; r6 += values[i + 6]; r7 += values[i + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < values.Length; i++) res += values[i];
            return res;
        }
        int half = values.Length / 2;
        half -= half % 8;
        return Pairwise(values[..half]) + Pairwise(values[half..]);
    }

    /// <summary>
    /// m.sum(axis=0): numpy drops a length-1 column axis and reduces the contiguous column pairwise; with several
    /// columns the reduction axis is the outer loop, i.e. a running sum down each column.
    /// </summary>
    public static double[] ColumnSums(RowMatrix m)
    {
        var sums = new double[m.Cols];
        if (m.Cols == 1)
        {
            sums[0] = Pairwise(m.Values);
            return sums;
        }
        for (int row = 0; row < m.Rows; row++)
        {
            ReadOnlySpan<double> values = m.Row(row);
            for (int col = 0; col < sums.Length; col++) sums[col] += values[col];
        }
        return sums;
    }

    /// <summary>np.mean of a 1-D array (pairwise sum divided by the count; NaN when empty, as numpy's is).</summary>
    public static double Mean(ReadOnlySpan<double> values) =>
        values.Length == 0 ? double.NaN : Pairwise(values) / values.Length;
}
