namespace Blend.Data.Identity.Synthetic;

/// <summary>A mouse: its name (<c>SX01</c>…), running factor m ~ U(0.7, 1.3) (mice differ in how much they run),
/// its offsets on the subclass β means, and its labelled pool.</summary>
public sealed record SynthMouse(int Index, string Name, double RunningFactor, MouseBetaOffsets BetaOffsets, LabelledPool Pool)
{
    /// <summary>The mouse's folder name: <c>SX01</c> for index 0, <c>SX02</c> for 1, ….</summary>
    public static string NameOf(int index) => $"SX{index + 1:D2}";
}
