namespace Blend.Data.Nwb.Writing;

/// <summary>A group, dataset or soft link of an <see cref="HdfTree"/>, with its attributes in insertion order.</summary>
internal abstract class HdfNode
{
    /// <summary>
    /// Attribute values: string, string[], double, long, or an <see cref="HdfReference"/> (an HDF5 object reference).
    /// </summary>
    public OrderedDictionary<string, object> Attributes { get; } = new(StringComparer.Ordinal);
}

/// <summary>A group; children keep insertion order, which is the order PureHDF writes them in.</summary>
internal sealed class HdfGroupNode : HdfNode
{
    public OrderedDictionary<string, HdfNode> Children { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A dataset. <see cref="Data"/> is a 1-D .NET array in C order whose element is a number, bool (written as h5py's
/// bool enum), string (variable-length UTF-8) or <see cref="HdfReference"/>; or, when <see cref="Dims"/> is null, a
/// scalar string, double or long.
/// </summary>
internal sealed class HdfDatasetNode : HdfNode
{
    public HdfDatasetNode(object data, ulong[]? dims, bool compressed)
    {
        Data = data;
        Dims = dims;
        Compressed = compressed;
    }

    public object Data { get; set; }

    /// <summary>The shape; null for a scalar dataset.</summary>
    public ulong[]? Dims { get; set; }

    /// <summary>Chunked (h5py's guessed chunk shape) with the shuffle filter and then deflate, as h5py's gzip.</summary>
    public bool Compressed { get; set; }
}

/// <summary>A soft link to an absolute path (as pynwb links an electrode group to its device).</summary>
internal sealed class HdfSoftLinkNode(string target) : HdfNode
{
    public string Target { get; } = target;
}
