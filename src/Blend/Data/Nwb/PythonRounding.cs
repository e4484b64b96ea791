using System.Numerics;

namespace Blend.Data.Nwb;

/// <summary>
/// The two decimal roundings nlb_tools relies on, which differ in rare halfway cases: numpy's array
/// <c>round(d)</c> (scale by 10^d, round half to even, unscale) and Python's built-in <c>round(x, d)</c>
/// (round the exact binary value half to even).
/// </summary>
public static class PythonRounding
{
    private static readonly double[] Powers = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

    /// <summary>numpy's <c>np.round(x, digits)</c> for float64: <c>rint(x * 10^d) / 10^d</c>.</summary>
    public static double Numpy(double x, int digits)
    {
        double scale = Powers[digits];
        return Math.Round(x * scale, MidpointRounding.ToEven) / scale;
    }

    /// <summary>Python's <c>round(x, digits)</c> for a float: the exact value rounded half to even, then the nearest double.</summary>
    public static double Python(double x, int digits)
    {
        if (double.IsNaN(x) || double.IsInfinity(x) || x == 0) return x;
        long bits = BitConverter.DoubleToInt64Bits(x);
        bool negative = bits < 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent = 1; else mantissa |= 1L << 52;
        exponent -= 1075; // x = mantissa · 2^exponent
        var numerator = new BigInteger(mantissa) * BigInteger.Pow(10, digits);
        BigInteger rounded;
        if (exponent >= 0)
        {
            rounded = numerator << exponent;
        }
        else
        {
            var denominator = BigInteger.One << -exponent;
            rounded = BigInteger.DivRem(numerator, denominator, out var remainder);
            int half = (remainder * 2).CompareTo(denominator);
            if (half > 0 || (half == 0 && !rounded.IsEven)) rounded += 1;
        }
        // N / 10^d in one IEEE division is the correctly rounded nearest double while N < 2^53.
        double result = rounded < (BigInteger.One << 53)
            ? (double)rounded / Powers[digits]
            : double.Parse(rounded.ToString() + "e-" + digits, System.Globalization.CultureInfo.InvariantCulture);
        return negative ? -result : result;
    }
}
