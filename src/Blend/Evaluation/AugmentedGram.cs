using Blend.Data;
using System.Runtime.Intrinsics;

namespace Blend.Evaluation;

/// <summary>
/// Sufficient statistics of a block of rows for ridge regression: ZᵀZ with Z = [X − xShift | Y − yShift | 1], which
/// holds XᵀX, XᵀY, the column sums of X and Y and the row count. Shifting by a value near the column means first keeps
/// the later analytic centring free of cancellation. Statistics of disjoint row sets add, so a k-fold training set is
/// the sum of the other folds' blocks.
/// </summary>
internal sealed class AugmentedGram
{
    /// <summary>Rows a worker accumulates on its own; fixed (not tied to the core count) so sums are reproducible.</summary>
    internal const int ChunkRows = 8192;

    /// <summary>Rows packed per panel: 256 rows × 8 columns of two column blocks (32 KiB) stay in L1 per tile.</summary>
    private const int PanelRows = 256;

    public int Features { get; }
    public int Outputs { get; }
    public long Count { get; private set; }

    /// <summary>Padded side of <see cref="Values"/>: features + outputs + 1, rounded up to a multiple of 8.</summary>
    public int Width { get; }

    /// <summary>ZᵀZ, Width × Width row-major. Only the upper triangle is accumulated until <see cref="Symmetrize"/>.</summary>
    public double[] Values { get; }

    private AugmentedGram(int features, int outputs)
    {
        Features = features;
        Outputs = outputs;
        Width = (features + outputs + 1 + 7) / 8 * 8;
        Values = new double[Width * Width];
    }

    public int OnesColumn => Features + Outputs;

    /// <summary>Σ (x_i − shift_i)(x_j − shift_j) over the block's rows; also (i, Features + c) for XᵀY.</summary>
    public double this[int i, int j] => Values[i * Width + j];

    public double FeatureSum(int i) => Values[i * Width + OnesColumn];

    public double OutputSum(int c) => Values[(Features + c) * Width + OnesColumn];

    /// <summary>The statistics of each row block [Start, End), computed in one parallel pass.</summary>
    public static AugmentedGram[] ForBlocks(
        RowMatrix x, RowMatrix y, double[] xShift, double[] yShift, IReadOnlyList<(int Start, int End)> blocks)
    {
        var chunks = new List<(int Block, int Start, int End)>();
        for (int block = 0; block < blocks.Count; block++)
            for (int start = blocks[block].Start; start < blocks[block].End; start += ChunkRows)
                chunks.Add((block, start, Math.Min(start + ChunkRows, blocks[block].End)));

        var partials = new AugmentedGram[chunks.Count];
        Parallel.For(0, chunks.Count, index =>
        {
            var partial = new AugmentedGram(x.Cols, y.Cols);
            partial.Accumulate(x, y, xShift, yShift, chunks[index].Start, chunks[index].End);
            partials[index] = partial;
        });

        // Merge in chunk order, whatever thread computed which chunk: bit-identical results run to run.
        var result = new AugmentedGram[blocks.Count];
        for (int block = 0; block < blocks.Count; block++) result[block] = new AugmentedGram(x.Cols, y.Cols);
        for (int index = 0; index < chunks.Count; index++) result[chunks[index].Block].Add(partials[index]);
        foreach (var block in result) block.Symmetrize();
        return result;
    }

    /// <summary>The sum of the given blocks, added in list order.</summary>
    public static AugmentedGram Sum(IEnumerable<AugmentedGram> parts)
    {
        AugmentedGram? total = null;
        foreach (var part in parts)
        {
            total ??= new AugmentedGram(part.Features, part.Outputs);
            total.Add(part);
        }
        return total ?? throw new ArgumentException("no blocks to sum", nameof(parts));
    }

    private void Add(AugmentedGram other)
    {
        for (int i = 0; i < Values.Length; i++) Values[i] += other.Values[i];
        Count += other.Count;
    }

    private void Symmetrize()
    {
        for (int i = 0; i < Width; i++)
            for (int j = 0; j < i; j++)
                Values[i * Width + j] = Values[j * Width + i];
    }

    private void Accumulate(RowMatrix x, RowMatrix y, double[] xShift, double[] yShift, int start, int end)
    {
        // Panel: column block b (8 columns) of row k at [(b * PanelRows + k) * 8]. Padding columns stay zero.
        var panel = new double[Width * PanelRows];
        for (int first = start; first < end; first += PanelRows)
        {
            int rows = Math.Min(PanelRows, end - first);
            Pack(x, y, xShift, yShift, first, rows, panel);
            AccumulatePanel(panel, rows);
        }
        Count += end - start;
    }

    private void Pack(RowMatrix x, RowMatrix y, double[] xShift, double[] yShift, int first, int rows, double[] panel)
    {
        int features = x.Cols, outputs = y.Cols;
        for (int k = 0; k < rows; k++)
        {
            ReadOnlySpan<double> xRow = x.Values.AsSpan((first + k) * features, features);
            ReadOnlySpan<double> yRow = y.Values.AsSpan((first + k) * outputs, outputs);
            for (int i = 0; i < features; i++) panel[Slot(i, k)] = xRow[i] - xShift[i];
            for (int c = 0; c < outputs; c++) panel[Slot(features + c, k)] = yRow[c] - yShift[c];
            panel[Slot(OnesColumn, k)] = 1.0;
        }
    }

    private static int Slot(int column, int row) => ((column >> 3) * PanelRows + row) * 8 + (column & 7);

    /// <summary>
    /// Upper triangle of Values += panelᵀ panel in 4 × 8 register tiles. Every entry is a running fused multiply-add
    /// over the rows in order, so the result does not depend on the vector width or on which tile computed it.
    /// </summary>
    private unsafe void AccumulatePanel(double[] panel, int rows)
    {
        int width = Width;
        fixed (double* panelStart = panel)
        fixed (double* accStart = Values)
        {
            for (int jb = 0; jb < width / 8; jb++)
            {
                double* b = panelStart + jb * PanelRows * 8;
                for (int i0 = 0; i0 < (jb + 1) * 8; i0 += 4)
                {
                    double* a = panelStart + (i0 >> 3) * PanelRows * 8 + (i0 & 7);
                    double* c = accStart + i0 * width + jb * 8;
                    var c00 = Vector256.Load(c);
                    var c01 = Vector256.Load(c + 4);
                    var c10 = Vector256.Load(c + width);
                    var c11 = Vector256.Load(c + width + 4);
                    var c20 = Vector256.Load(c + 2 * width);
                    var c21 = Vector256.Load(c + 2 * width + 4);
                    var c30 = Vector256.Load(c + 3 * width);
                    var c31 = Vector256.Load(c + 3 * width + 4);
                    for (int k = 0; k < rows; k++)
                    {
                        double* bk = b + k * 8;
                        double* ak = a + k * 8;
                        var b0 = Vector256.Load(bk);
                        var b1 = Vector256.Load(bk + 4);
                        var a0 = Vector256.Create(ak[0]);
                        c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
                        c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
                        var a1 = Vector256.Create(ak[1]);
                        c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
                        c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
                        var a2 = Vector256.Create(ak[2]);
                        c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
                        c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
                        var a3 = Vector256.Create(ak[3]);
                        c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
                        c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
                    }
                    c00.Store(c);
                    c01.Store(c + 4);
                    c10.Store(c + width);
                    c11.Store(c + width + 4);
                    c20.Store(c + 2 * width);
                    c21.Store(c + 2 * width + 4);
                    c30.Store(c + 3 * width);
                    c31.Store(c + 3 * width + 4);
                }
            }
        }
    }
}
