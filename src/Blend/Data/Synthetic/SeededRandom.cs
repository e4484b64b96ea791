namespace Blend.Data.Synthetic;

/// <summary>
/// A deterministic random stream with the draws the generators need. Each part of a generator gets its own stream
/// derived from the dataset seed and a purpose name, so changing, say, the number of trials does not change the
/// neurons' readout weights.
/// </summary>
public sealed class SeededRandom
{
    private readonly Random _random;
    private double? _spareNormal;

    /// <summary>A stream seeded directly with <paramref name="seed"/> (.NET <see cref="Random"/>); prefer <see cref="For"/> for a generator's parts.</summary>
    public SeededRandom(int seed) => _random = new Random(seed);

    /// <summary>A stream for one purpose: the same (seed, purpose) always gives the same draws.</summary>
    public static SeededRandom For(int seed, string purpose)
    {
        // FNV-1a over the purpose, mixed with the seed: stable across runs and platforms (string.GetHashCode is not).
        uint hash = 2166136261;
        foreach (char c in purpose) hash = (hash ^ c) * 16777619;
        hash ^= (uint)seed * 2654435761u;
        return new SeededRandom((int)(hash & 0x7fffffff));
    }

    /// <summary>A uniform draw in [0, 1).</summary>
    public double Uniform() => _random.NextDouble();

    /// <summary>A uniform draw in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + (high - low) * _random.NextDouble();

    /// <summary>A uniform integer in [0, <paramref name="exclusiveMax"/>).</summary>
    public int Integer(int exclusiveMax) => _random.Next(exclusiveMax);

    /// <summary>Standard normal draw (Marsaglia's polar method).</summary>
    public double Normal()
    {
        if (_spareNormal is double spare)
        {
            _spareNormal = null;
            return spare;
        }
        double u, v, s;
        do
        {
            u = 2 * _random.NextDouble() - 1;
            v = 2 * _random.NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * factor;
        return u * factor;
    }

    /// <summary>A normal draw with the given <paramref name="mean"/> and standard deviation <paramref name="std"/>.</summary>
    public double Normal(double mean, double std) => mean + std * Normal();

    /// <summary>
    /// Poisson draw: Knuth's product method for small means (spike counts per bin are mostly well below 1), and
    /// Hörmann's transformed rejection (PTRS) for large ones, both exact.
    /// </summary>
    public int Poisson(double mean)
    {
        if (!(mean >= 0) || double.IsInfinity(mean)) throw new ArgumentOutOfRangeException(nameof(mean), $"Poisson mean {mean}");
        if (mean < 10)
        {
            double limit = Math.Exp(-mean), product = _random.NextDouble();
            int count = 0;
            while (product > limit)
            {
                count++;
                product *= _random.NextDouble();
            }
            return count;
        }
        double logMean = Math.Log(mean), b = 0.931 + 2.53 * Math.Sqrt(mean), a = -0.059 + 0.02483 * b;
        double inverseAlpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            double u = _random.NextDouble() - 0.5, v = _random.NextDouble(), us = 0.5 - Math.Abs(u);
            int k = (int)Math.Floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) return k;
            if (k < 0 || (us < 0.013 && v > us)) continue;
            if (Math.Log(v) + Math.Log(inverseAlpha) - Math.Log(a / (us * us) + b) <= -mean + k * logMean - LogFactorial(k))
                return k;
        }
    }

    /// <summary>Fisher–Yates shuffle of 0..n−1.</summary>
    public int[] Permutation(int n)
    {
        var order = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = _random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    private static double LogFactorial(int k) => Evaluation.LogGamma.OfFactorial(k);
}
