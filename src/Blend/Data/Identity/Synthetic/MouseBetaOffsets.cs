using Blend.Data.Synthetic;

namespace Blend.Data.Identity.Synthetic;

/// <summary>
/// A mouse's shifts of each interneuron type's β means (run, arousal, sync): mice differ a little, so a classifier
/// trained on some mice meets slightly moved clusters in the held-out one. EC has none (its mean is ≈ 0 anyway).
/// </summary>
public sealed class MouseBetaOffsets
{
    private readonly double[] _offsets; // type × 3

    private MouseBetaOffsets(double[] offsets) => _offsets = offsets;

    /// <summary>Draws each interneuron type's three offsets from N(0, <paramref name="sd"/>²); the excitatory type's stay 0.</summary>
    public static MouseBetaOffsets Draw(double sd, SeededRandom random)
    {
        var types = Enum.GetValues<SynthCellType>();
        var offsets = new double[types.Length * 3];
        foreach (var type in types)
        {
            if (!type.IsInterneuron()) continue;
            for (int k = 0; k < 3; k++) offsets[(int)type * 3 + k] = random.Normal(0, sd);
        }
        return new MouseBetaOffsets(offsets);
    }

    /// <summary>This mouse's offset on the type's mean β^run (coupling to running speed).</summary>
    public double Run(SynthCellType type) => _offsets[(int)type * 3];

    /// <summary>This mouse's offset on the type's mean β^aro (coupling to arousal, read through the pupil).</summary>
    public double Arousal(SynthCellType type) => _offsets[(int)type * 3 + 1];

    /// <summary>This mouse's offset on the type's mean β^syn (coupling to synchrony S).</summary>
    public double Sync(SynthCellType type) => _offsets[(int)type * 3 + 2];
}
