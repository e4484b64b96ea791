namespace Blend.Data.Nwb;

/// <summary>
/// Times as pandas holds them in nlb_tools: integer nanoseconds. Float seconds become whole seconds plus the
/// fraction rounded to 9 decimals (pandas 1.x <c>to_timedelta(x, unit='s')</c>); milliseconds likewise with 6.
/// Missing times are <see cref="NaT"/>.
/// </summary>
public static class PandasTime
{
    /// <summary>pandas' NaT (not a time).</summary>
    public const long NaT = long.MinValue;

    /// <summary>Nanoseconds in one millisecond (one sample of the 1 ms grid).</summary>
    public const long NanosecondsPerMs = 1_000_000;

    /// <summary><c>pd.to_timedelta(seconds, unit='s')</c> as nanoseconds; NaN gives <see cref="NaT"/>.</summary>
    public static long FromSeconds(double seconds) => FromUnit(seconds, 1_000_000_000, 9);

    /// <summary><c>pd.to_timedelta(ms, unit='ms')</c> as nanoseconds; NaN gives <see cref="NaT"/>.</summary>
    public static long FromMilliseconds(double milliseconds) => FromUnit(milliseconds, 1_000_000, 6);

    private static long FromUnit(double value, long nanosecondsPerUnit, int fractionDigits)
    {
        if (double.IsNaN(value)) return NaT;
        if (double.IsInfinity(value) || Math.Abs(value) * nanosecondsPerUnit > 9e18) // beyond int64 nanoseconds
            throw new OverflowException($"time {value} is out of range");
        long whole = (long)value; // astype(int64) truncates toward zero
        double fraction = PythonRounding.Numpy(value - whole, fractionDigits);
        return whole * nanosecondsPerUnit + (long)(fraction * nanosecondsPerUnit);
    }

    /// <summary>pandas' <c>Timedelta.ceil(freq)</c> for a frequency in nanoseconds.</summary>
    public static long Ceil(long nanoseconds, long frequency)
    {
        long remainder = nanoseconds % frequency;
        if (remainder == 0) return nanoseconds;
        return remainder > 0 ? nanoseconds - remainder + frequency : nanoseconds - remainder;
    }

    /// <summary>Seconds (for messages and <c>dt.total_seconds()</c>).</summary>
    public static double ToSeconds(long nanoseconds) => nanoseconds == NaT ? double.NaN : nanoseconds / 1e9;
}
