namespace Blend.Evaluation.Identity;

/// <summary>
/// A <see cref="ConfusionMatrix"/> in a JSON-friendly shape: <see cref="Counts"/>[true][predicted] over
/// <see cref="Labels"/> (the sorted union of true and predicted labels).
/// </summary>
public sealed record LabelConfusion(IReadOnlyList<string> Labels, int[][] Counts)
{
    /// <summary>The JSON form of <paramref name="matrix"/>.</summary>
    public static LabelConfusion Of(ConfusionMatrix matrix)
    {
        int n = matrix.Labels.Count;
        var counts = new int[n][];
        for (int row = 0; row < n; row++)
        {
            counts[row] = new int[n];
            for (int col = 0; col < n; col++) counts[row][col] = matrix.Counts[row, col];
        }
        return new LabelConfusion(matrix.Labels.ToArray(), counts);
    }

    /// <summary>Counts the (true, predicted) pairs of <paramref name="truth"/> and <paramref name="predicted"/>.</summary>
    public static LabelConfusion Of(IReadOnlyList<string> truth, IReadOnlyList<string> predicted) =>
        Of(ConfusionMatrix.Of(truth, predicted));
}
