using PureHDF;

namespace Blend.Data;

/// <summary>Attributes and string datasets (the NWB metadata: neurodata_type, colnames, comments, rate, …).</summary>
public sealed partial class Hdf5Reader
{
    /// <summary>The names of an object's attributes ("/" is the root group), sorted ordinally.</summary>
    public IReadOnlyList<string> AttributeNames(string key)
    {
        var obj = Resolve(key);
        try
        {
            return obj.Attributes().Select(a => a.Name).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e)
        {
            throw Error(key, $"cannot list the attributes: {e.Message}", e);
        }
    }

    /// <summary>Whether the object at <paramref name="key"/> ("/" is the root group) has an attribute named <paramref name="name"/> (ordinal, case-sensitive).</summary>
    public bool HasAttribute(string key, string name) => AttributeNames(key).Contains(name, StringComparer.Ordinal);

    /// <summary>A scalar string attribute (variable- or fixed-length).</summary>
    public string ReadStringAttribute(string key, string name) =>
        ReadAttribute(key, name, expectText: true, a => a.Read<string>());

    /// <summary>A 1-D string attribute, such as a DynamicTable's <c>colnames</c>.</summary>
    public string[] ReadStringArrayAttribute(string key, string name) =>
        ReadAttribute(key, name, expectText: true, a => a.Space.Rank == 0 ? [a.Read<string>()] : a.Read<string[]>());

    /// <summary>A scalar float or integer attribute as float64.</summary>
    public double ReadDoubleAttribute(string key, string name) => ReadAttribute(key, name, expectText: false, a => a.Type.Class switch
    {
        H5DataTypeClass.FloatingPoint when a.Type.Size == 4 => a.Read<float>(),
        H5DataTypeClass.FloatingPoint => a.Read<double>(),
        H5DataTypeClass.FixedPoint when a.Type.FixedPoint.IsSigned => a.Read<long>(),
        H5DataTypeClass.FixedPoint => (double)a.Read<ulong>(),
        _ => throw new InvalidDataException($"expected a number, found {Describe(a.Type)}"),
    });

    /// <summary>A string dataset: 1-D, or a scalar read as one string.</summary>
    public string[] ReadStrings(string key)
    {
        var (dataset, path) = GetDataset(key);
        if (!IsText(dataset.Type))
            throw Error(path, $"unsupported dtype {Describe(dataset.Type)}: expected strings");
        int[] shape = ShapeOf(dataset, path);
        if (shape.Length > 1) throw Error(path, $"expected a scalar or 1-D string dataset, found shape {ShapeText(shape)}");
        return Decode(path, dataset.Type, () => shape.Length == 0 ? [dataset.Read<string>()] : dataset.Read<string[]>());
    }

    /// <summary>
    /// Fixed-length strings, or variable-length ones: PureHDF shows those as a variable-length sequence of 1-byte
    /// integers (it does not expose the string flag), so such a sequence is taken for text and decoded as UTF-8.
    /// </summary>
    private static bool IsText(IH5DataType type) =>
        type.Class == H5DataTypeClass.String ||
        (type.Class == H5DataTypeClass.VariableLength && SafeBaseType(type) is null or { Class: H5DataTypeClass.String } or { Class: H5DataTypeClass.FixedPoint, Size: 1 });

    private T ReadAttribute<T>(string key, string name, bool expectText, Func<IH5Attribute, T> read)
    {
        var obj = Resolve(key);
        IH5Attribute attribute;
        try
        {
            if (!obj.AttributeExists(name)) throw Error(key, $"has no attribute '{name}'");
            attribute = obj.Attribute(name);
        }
        catch (NlbFileException) { throw; }
        catch (Exception e) { throw Error(key, $"cannot open attribute '{name}': {e.Message}", e); }
        if (expectText && !IsText(attribute.Type))
            throw Error(key, $"attribute '{name}' is {Describe(attribute.Type)}, expected a string");
        try { return read(attribute); }
        catch (Exception e) { throw Error(key, $"cannot read attribute '{name}': {e.Message}", e); }
    }
}
