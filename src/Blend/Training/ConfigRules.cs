using System.Globalization;

namespace Blend.Training;

/// <summary>Range rules for config keys (a rule returns null when the value is fine, else what it must be).</summary>
public static class ConfigRules
{
    /// <summary>An integer at least <paramref name="minimum"/>.</summary>
    public static Func<object, string?> AtLeast(int minimum) =>
        v => Convert.ToInt64(v, CultureInfo.InvariantCulture) >= minimum ? null : $"must be at least {minimum}";

    /// <summary>A number greater than 0.</summary>
    public static readonly Func<object, string?> Positive = v => (double)v > 0 ? null : "must be greater than 0";

    /// <summary>A number at least 0.</summary>
    public static readonly Func<object, string?> NonNegative = v => (double)v >= 0 ? null : "must be at least 0";

    /// <summary>A fraction in [0, 1].</summary>
    public static readonly Func<object, string?> Fraction = v => (double)v is >= 0 and <= 1 ? null : "must be in [0, 1]";

    /// <summary>A dropout probability in [0, 1).</summary>
    public static readonly Func<object, string?> Probability = v => (double)v is >= 0 and < 1 ? null : "must be in [0, 1)";

    /// <summary>An Adam β in [0, 1).</summary>
    public static readonly Func<object, string?> UnitInterval = v => (double)v is >= 0 and < 1 ? null : "must be in [0, 1)";
}
