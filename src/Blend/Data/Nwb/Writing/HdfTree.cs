namespace Blend.Data.Nwb.Writing;

/// <summary>
/// A whole HDF5 file as plain objects, laid out by <see cref="NwbFileBuilder"/> and kept apart from PureHDF so that
/// deliberate damage (omitting or replacing parts) can be applied to the finished layout before it is written.
/// Paths are absolute ("/units/spike_times"); missing parent groups are created on the way.
/// </summary>
internal sealed class HdfTree
{
    public HdfGroupNode Root { get; } = new();

    /// <summary>The group at <paramref name="path"/>, created (with its parents) when missing.</summary>
    public HdfGroupNode Group(string path)
    {
        HdfGroupNode group = Root;
        foreach (string segment in Segments(path))
        {
            if (!group.Children.TryGetValue(segment, out var child))
            {
                child = new HdfGroupNode();
                group.Children.Add(segment, child);
            }
            group = child as HdfGroupNode ?? throw new ArgumentException($"{path}: {segment} is not a group", nameof(path));
        }
        return group;
    }

    public HdfDatasetNode Dataset(string path, object data, ulong[]? dims, bool compressed = false)
    {
        var node = new HdfDatasetNode(data, dims, compressed);
        Add(path, node);
        return node;
    }

    /// <summary>A scalar string dataset.</summary>
    public HdfDatasetNode Text(string path, string value) => Dataset(path, value, dims: null);

    /// <summary>A 1-D string dataset.</summary>
    public HdfDatasetNode Texts(string path, string[] values) => Dataset(path, values, [(ulong)values.Length]);

    public void SoftLink(string path, string target) => Add(path, new HdfSoftLinkNode(target));

    private void Add(string path, HdfNode node)
    {
        var (parent, name) = Split(path);
        var group = Group(parent);
        if (!group.Children.TryAdd(name, node)) throw new ArgumentException($"{Hdf5Reader.Normalize(path)} already exists", nameof(path));
    }

    /// <summary>The node at <paramref name="path"/> ("/" is the root), or null.</summary>
    public HdfNode? Find(string path)
    {
        HdfNode node = Root;
        foreach (string segment in Segments(path))
        {
            if (node is not HdfGroupNode group || !group.Children.TryGetValue(segment, out var child)) return null;
            node = child;
        }
        return node;
    }

    /// <summary>Removes the node at <paramref name="path"/> (with everything under it); false when there is none.</summary>
    public bool Remove(string path)
    {
        var (parent, name) = Split(path);
        return Find(parent) is HdfGroupNode group && group.Children.Remove(name);
    }

    /// <summary>Every node below the root, depth first in insertion order (the order PureHDF writes them in).</summary>
    public IEnumerable<(string Path, HdfNode Node)> Walk() => Walk("", Root);

    private static IEnumerable<(string Path, HdfNode Node)> Walk(string prefix, HdfGroupNode group)
    {
        foreach (var (name, child) in group.Children)
        {
            string path = prefix + "/" + name;
            yield return (path, child);
            if (child is HdfGroupNode inner)
                foreach (var item in Walk(path, inner)) yield return item;
        }
    }

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static (string Parent, string Name) Split(string path)
    {
        string[] segments = Segments(path);
        if (segments.Length == 0) throw new ArgumentException("the root has no name", nameof(path));
        return ("/" + string.Join('/', segments[..^1]), segments[^1]);
    }
}
