namespace Blend.Data;

/// <summary>
/// An array read from a NumPy .npy file: its values as float64 in C order, its shape (empty for a scalar) and the
/// dtype as the file declares it (e.g. <c>&lt;f8</c>, <c>|u1</c>).
/// </summary>
public sealed class NpyArray
{
    /// <summary>The values as float64 in C order (converted from the file's dtype).</summary>
    public double[] Values { get; }
    /// <summary>The shape; empty for a scalar.</summary>
    public int[] Shape { get; }
    /// <summary>The dtype as the file's header declares it, e.g. <c>&lt;f8</c>.</summary>
    public string Dtype { get; }

    /// <summary>Wraps <paramref name="values"/> (not copied); their count must be the product of <paramref name="shape"/>.</summary>
    public NpyArray(double[] values, int[] shape, string dtype)
    {
        if (values.LongLength != NpyHeader.ElementCount(shape))
            throw new ArgumentException($"{values.Length} values do not fill shape {Hdf5Reader.ShapeText(shape)}", nameof(values));
        Values = values;
        Shape = shape;
        Dtype = dtype;
    }

    /// <summary>Number of dimensions (0 for a scalar).</summary>
    public int Rank => Shape.Length;

    /// <summary>numpy's shape text: (6577, 48), (5,), ().</summary>
    public string ShapeText => NpyHeader.FormatShape(Shape);
}
