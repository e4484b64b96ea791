using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// The fixed sinusoidal position code of "Attention is all you need" as STNDT uses it (Le &amp; Shlizerman 2022,
/// positions from 0): PE[pos, 2i] = sin(pos·10000^(−2i/d)), PE[pos, 2i + 1] = cos(pos·10000^(−2i/d)).
/// An odd width d gets one more sine column than cosine columns (PyTorch's recipe would fail on it).
/// </summary>
public static class SinusoidalPositions
{
    /// <summary>The positions × width table (float32, computed in double).</summary>
    public static Tensor Table(int positions, int width)
    {
        if (positions < 1 || width < 1)
            throw new ArgumentOutOfRangeException(nameof(positions), $"a position table needs ≥ 1 position and width, got {positions} × {width}");
        var values = new float[positions * width];
        for (int pos = 0; pos < positions; pos++)
            for (int column = 0; column < width; column++)
            {
                int pair = column / 2; // i: columns 2i and 2i + 1 share a frequency
                double angle = pos * Math.Pow(10000, -2.0 * pair / width);
                values[pos * width + column] = (float)(column % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        return tensor(values, [positions, width]);
    }
}
