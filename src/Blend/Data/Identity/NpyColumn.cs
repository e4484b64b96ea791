namespace Blend.Data.Identity;

/// <summary>A one-value-per-row .npy file, stored either as a vector (n,) or as a column (n, 1) as Bugeon saves them.</summary>
internal static class NpyColumn
{
    /// <summary>The values and the file's shape text (for messages).</summary>
    public static (double[] Values, string Shape) Read(string path, string what)
    {
        var array = NpyFile.Read(path);
        if (!(array.Rank == 1 || (array.Rank == 2 && array.Shape[1] == 1)))
            throw new BlendInputException($"{path}: expected {what} as a vector (n,) or a column (n, 1), found shape {array.ShapeText}");
        return (array.Values, array.ShapeText);
    }
}
