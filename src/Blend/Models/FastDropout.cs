using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// Dropout (Srivastava et al. 2014) as <c>nn.Dropout</c> computes it — while training each entry is kept with
/// probability 1 − p and scaled by 1 / (1 − p); in eval mode the input passes unchanged — with the mask drawn on the
/// host by a counter-based generator (SplitMix64, Steele et al. 2014) instead of libtorch's CPU <c>bernoulli_</c>, whose
/// sequential Mersenne Twister cost ≈ 10 ns per entry: about 40 % of an NDT training step at MC_Maze scale (43 M dropout
/// entries per step). Each call seeds its stream with one draw from libtorch's global generator, so a seed and a
/// checkpointed generator state fix every mask as before, and the mask is split into fixed chunks with streams of their
/// own, so it does not depend on the thread count. Tensors on other devices use libtorch's dropout.
/// </summary>
public sealed class FastDropout : nn.Module<Tensor, Tensor>
{
    private const int Chunk = 1 << 16;

    /// <summary>A dropout layer with drop probability <paramref name="p"/> in [0, 1].</summary>
    public FastDropout(double p) : base(nameof(FastDropout))
    {
        if (!(p is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1]");
        P = p;
    }

    /// <summary>The probability that an entry is zeroed while training.</summary>
    public double P { get; }

    /// <summary>Dropout while training (<see cref="nn.Module.training"/>), the input itself in eval mode.</summary>
    public override Tensor forward(Tensor input) => training ? Apply(input, P) : input;

    /// <summary>Training-mode dropout of <paramref name="input"/> with drop probability <paramref name="p"/> (differentiable: the gradient is masked and scaled alike).</summary>
    public static Tensor Apply(Tensor input, double p)
    {
        if (p == 0) return input;
        if (p >= 1) return input.mul(0);
        if (input.device_type != TorchSharp.DeviceType.CPU) return nn.functional.dropout(input, p, training: true);
        using var mask = Mask(input.shape, p);
        return input.mul(input.dtype == ScalarType.Float32 ? mask : mask.to_type(input.dtype));
    }

    /// <summary>A float32 mask of <paramref name="shape"/>: 1 / (1 − p) where an entry is kept, 0 where it is dropped.</summary>
    public static Tensor Mask(long[] shape, double p)
    {
        ulong seed = (ulong)randint(long.MaxValue, [1], dtype: ScalarType.Int64).item<long>();
        var mask = empty(shape, dtype: ScalarType.Float32);
        long count = mask.numel();
        if (count == 0) return mask;
        // Kept iff a uniform 32-bit draw is at least p·2³² (p exact to 2⁻³²).
        uint threshold = (uint)Math.Min(uint.MaxValue, Math.Ceiling(p * 4294967296.0));
        float scale = (float)(1 / (1 - threshold / 4294967296.0));
        int chunks = (int)((count + Chunk - 1) / Chunk);
        unsafe
        {
            fixed (byte* bytes = mask.bytes)
            {
                float* values = (float*)bytes;
                void Fill(int chunk)
                {
                    long start = (long)chunk * Chunk, end = Math.Min(count, start + Chunk);
                    ulong state = seed ^ ((ulong)chunk * 0xD1B54A32D192ED03UL);
                    for (long i = start; i < end; i += 2)
                    {
                        ulong z = state += 0x9E3779B97F4A7C15UL;
                        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                        z ^= z >> 31;
                        values[i] = (uint)z >= threshold ? scale : 0f;
                        if (i + 1 < end) values[i + 1] = (uint)(z >> 32) >= threshold ? scale : 0f;
                    }
                }
                if (chunks == 1) Fill(0);
                else Parallel.For(0, chunks, Fill);
            }
        }
        return mask;
    }
}
