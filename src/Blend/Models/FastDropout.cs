using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
    private const int Chunk = 1 << 14;
    private const int ParallelChunks = 16;

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
                    long start = (long)chunk * Chunk;
                    FillChunk(values + start, (int)Math.Min(Chunk, count - start), seed ^ ((ulong)chunk * 0xD1B54A32D192ED03UL), threshold, scale);
                }
                // Small masks are filled on this thread: waking the pool costs more than it saves below a few chunks.
                if (chunks < ParallelChunks) for (int chunk = 0; chunk < chunks; chunk++) Fill(chunk);
                else Parallel.For(0, chunks, Fill);
            }
        }
        return mask;
    }

    /// <summary>
    /// Fills <paramref name="length"/> mask values from the stream <paramref name="state"/>: draw k is SplitMix64's k-th
    /// output (state + (k + 1)·γ, mixed), and each group of 16 entries takes the low 32 bits of draws k … k + 7, then
    /// their high 32 bits — an order eight-lane vectors produce directly; the scalar path computes the same values.
    /// </summary>
    private static unsafe void FillChunk(float* values, int length, ulong state, uint threshold, float scale)
    {
        const ulong Gamma = 0x9E3779B97F4A7C15UL;
        int done = 0;
        if (Vector512.IsHardwareAccelerated && Avx512DQ.IsSupported)
        {
            var lanes = Vector512.Create(1UL, 2, 3, 4, 5, 6, 7, 8);
            var step = Vector512.Create(unchecked(8 * Gamma));
            var draws = Vector512.Create(state) + lanes * Vector512.Create(Gamma);
            var limit = Vector512.Create((ulong)threshold);
            var low = Vector512.Create(0xFFFFFFFFUL);
            var kept = Vector512.Create(scale);
            for (; done + 16 <= length; done += 16)
            {
                var z = draws;
                z = (z ^ (z >>> 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
                z = (z ^ (z >>> 27)) * Vector512.Create(0x94D049BB133111EBUL);
                z ^= z >>> 31;
                var keep = Vector512.Narrow(Vector512.GreaterThanOrEqual(z & low, limit), Vector512.GreaterThanOrEqual(z >>> 32, limit));
                Vector512.ConditionalSelect(keep.AsSingle(), kept, Vector512<float>.Zero).Store(values + done);
                draws += step;
            }
        }
        ulong next = state + (ulong)(done / 2) * Gamma;
        for (; done < length; done += 16)
        {
            for (int lane = 0; lane < 8; lane++)
            {
                ulong z = next + (ulong)(lane + 1) * Gamma;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                if (done + lane < length) values[done + lane] = (uint)z >= threshold ? scale : 0f;
                if (done + 8 + lane < length) values[done + 8 + lane] = (uint)(z >> 32) >= threshold ? scale : 0f;
            }
            next += unchecked(8 * Gamma);
        }
    }
}
