using Blend.Data;
using System.Runtime.Intrinsics;

namespace Blend.Evaluation;

/// <summary>
/// X W + b for many weight columns at once (all alphas × outputs of a fold), in 4-row × 8-column register tiles.
/// Each prediction is a running fused multiply-add over the features followed by the bias, whatever tile or thread
/// computes it, so predictions are reproducible bit for bit.
/// </summary>
internal sealed class LinearPredictor
{
    public int Features { get; }
    public int Columns { get; }

    /// <summary>Columns rounded up to a multiple of 8; padding weights are zero.</summary>
    public int PaddedColumns { get; }

    private readonly double[] _weights; // Features × PaddedColumns
    private readonly double[] _bias;    // PaddedColumns

    /// <param name="weights">Features × columns row-major.</param>
    /// <param name="bias">One bias per column (at least <paramref name="columns"/> values; extra ones are ignored).</param>
    /// <param name="features">Rows of <paramref name="weights"/>: the input columns x must have.</param>
    /// <param name="columns">Weight columns (e.g. alphas × outputs), each predicted for every row.</param>
    public LinearPredictor(double[] weights, double[] bias, int features, int columns)
    {
        Features = features;
        Columns = columns;
        PaddedColumns = (columns + 7) / 8 * 8;
        _weights = new double[features * PaddedColumns];
        _bias = new double[PaddedColumns];
        for (int i = 0; i < features; i++)
            weights.AsSpan(i * columns, columns).CopyTo(_weights.AsSpan(i * PaddedColumns));
        bias.AsSpan(0, columns).CopyTo(_bias);
    }

    /// <summary>Predictions for rows [first, first + rows) of x into output (rows × PaddedColumns).</summary>
    public unsafe void Predict(RowMatrix x, int first, int rows, Span<double> output)
    {
        if (x.Cols != Features) throw new ArgumentException($"x has {x.Cols} columns, the weights {Features} rows");
        if (output.Length < rows * PaddedColumns) throw new ArgumentException("output too small", nameof(output));
        int p = Features, q = PaddedColumns;
        fixed (double* xStart = x.Values)
        fixed (double* w = _weights)
        fixed (double* bias = _bias)
        fixed (double* outStart = output)
        {
            int k = 0;
            for (; k + 4 <= rows; k += 4)
            {
                double* x0 = xStart + (long)(first + k) * p;
                double* o = outStart + k * q;
                for (int col = 0; col < q; col += 8)
                {
                    var c00 = Vector256<double>.Zero; var c01 = Vector256<double>.Zero;
                    var c10 = Vector256<double>.Zero; var c11 = Vector256<double>.Zero;
                    var c20 = Vector256<double>.Zero; var c21 = Vector256<double>.Zero;
                    var c30 = Vector256<double>.Zero; var c31 = Vector256<double>.Zero;
                    for (int i = 0; i < p; i++)
                    {
                        double* wi = w + i * q + col;
                        var w0 = Vector256.Load(wi);
                        var w1 = Vector256.Load(wi + 4);
                        var a = Vector256.Create(x0[i]);
                        c00 = Vector256.FusedMultiplyAdd(a, w0, c00);
                        c01 = Vector256.FusedMultiplyAdd(a, w1, c01);
                        a = Vector256.Create(x0[p + i]);
                        c10 = Vector256.FusedMultiplyAdd(a, w0, c10);
                        c11 = Vector256.FusedMultiplyAdd(a, w1, c11);
                        a = Vector256.Create(x0[2 * p + i]);
                        c20 = Vector256.FusedMultiplyAdd(a, w0, c20);
                        c21 = Vector256.FusedMultiplyAdd(a, w1, c21);
                        a = Vector256.Create(x0[3 * p + i]);
                        c30 = Vector256.FusedMultiplyAdd(a, w0, c30);
                        c31 = Vector256.FusedMultiplyAdd(a, w1, c31);
                    }
                    var b0 = Vector256.Load(bias + col);
                    var b1 = Vector256.Load(bias + col + 4);
                    (c00 + b0).Store(o + col); (c01 + b1).Store(o + col + 4);
                    (c10 + b0).Store(o + q + col); (c11 + b1).Store(o + q + col + 4);
                    (c20 + b0).Store(o + 2 * q + col); (c21 + b1).Store(o + 2 * q + col + 4);
                    (c30 + b0).Store(o + 3 * q + col); (c31 + b1).Store(o + 3 * q + col + 4);
                }
            }
            for (; k < rows; k++)
            {
                // Same arithmetic, one row at a time: fused multiply-adds in feature order, then the bias.
                double* xk = xStart + (long)(first + k) * p;
                double* o = outStart + k * q;
                for (int col = 0; col < q; col++)
                {
                    double s = 0.0;
                    for (int i = 0; i < p; i++) s = Math.FusedMultiplyAdd(xk[i], w[i * q + col], s);
                    o[col] = s + bias[col];
                }
            }
        }
    }
}
