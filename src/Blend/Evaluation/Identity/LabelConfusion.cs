namespace Blend.Evaluation.Identity;

/// <summary>
/// A <see cref="ConfusionMatrix"/> in a JSON-friendly shape: <see cref="Counts"/>[true][predicted] over
/// <see cref="Labels"/> (the sorted union of true and predicted labels).
/// </summary>
public sealed record LabelConfusion(IReadOnlyList<string> Labels, int[][] Counts)
{
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

    public static LabelConfusion Of(IReadOnlyList<string> truth, IReadOnlyList<string> predicted) =>
        Of(ConfusionMatrix.Of(truth, predicted));
}
