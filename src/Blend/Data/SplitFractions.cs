using System.Globalization;

namespace Blend.Data;

/// <summary>
/// How a continuous recording is cut into contiguous time blocks, in this order: train, validation, eval. Each
/// fraction is in (0, 1) and together they sum to 1.
/// </summary>
public sealed record SplitFractions(double Train, double Validation, double Eval)
{
    /// <summary>70% train, 10% validation, 20% eval.</summary>
    public static SplitFractions Default { get; } = new(0.7, 0.1, 0.2);

    /// <summary>Parses "0.7,0.1,0.2" (the form of <c>blend import --splits</c>) and validates it.</summary>
    public static SplitFractions Parse(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw new BlendInputException($"--splits '{text}': '{parts[i]}' is not a number; give train,validation,eval fractions such as 0.7,0.1,0.2");
        if (values.Length != 3)
            throw new BlendInputException($"--splits '{text}': expected 3 fractions (train,validation,eval), got {values.Length}");
        var fractions = new SplitFractions(values[0], values[1], values[2]);
        fractions.Validate();
        return fractions;
    }

    /// <summary>Throws <see cref="BlendInputException"/> unless every fraction is in (0, 1) and they sum to 1.</summary>
    public void Validate()
    {
        foreach (var (name, value) in Named())
            if (!(value > 0 && value < 1))
                throw new BlendInputException($"--splits: the {name} fraction must be in (0, 1), got {Format(value)}");
        double sum = Train + Validation + Eval;
        if (Math.Abs(sum - 1) > 1e-6)
            throw new BlendInputException($"--splits: the fractions {Format(Train)},{Format(Validation)},{Format(Eval)} sum to {sum.ToString("0.######", CultureInfo.InvariantCulture)}, not 1");
    }

    /// <summary>The three fractions with their block names, in time order (train, validation, eval).</summary>
    public IEnumerable<(string Name, double Value)> Named() =>
        [(DatasetSplits.TrainName, Train), (DatasetSplits.ValidationName, Validation), (DatasetSplits.EvalName, Eval)];

    /// <summary>The fractions as <c>--splits</c> takes them, e.g. <c>0.7,0.1,0.2</c>; <see cref="Parse"/> reads it back exactly.</summary>
    public override string ToString() => $"{Format(Train)},{Format(Validation)},{Format(Eval)}";

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
