using System.Runtime.InteropServices;
using PureHDF;
using PureHDF.Filters;
using PureHDF.VOL.Native;

namespace Blend.Data.Nwb.Writing;

/// <summary>
/// Turns an <see cref="HdfTree"/> into PureHDF objects and writes them. Datasets are contiguous unless compressed
/// (h5py writes even tiny datasets contiguous, so PureHDF's compact layout is switched off).
/// <para>
/// PureHDF writes a group's members before the group itself and fills in an object reference only when its target
/// was written earlier; a reference to a later object silently comes out null. Objects are therefore built in
/// that same order and a reference to an object not yet built is an error here. A reference to an object that
/// deliberate damage removed is dropped from attributes and an error in datasets.
/// </para>
/// </summary>
internal static class HdfTreeWriter
{
    public static void Write(HdfTree tree, string path) =>
        ToPureHdf(tree).Write(path, new H5WriteOptions(PreferCompactDatasetLayout: false));

    public static H5File ToPureHdf(HdfTree tree)
    {
        var context = new Context(tree.Walk().Select(item => item.Path).ToHashSet(StringComparer.Ordinal));
        var file = new H5File();
        Fill(file, tree.Root, "", context);
        return file;
    }

    private sealed record Context(HashSet<string> Present)
    {
        /// <summary>Objects already built, i.e. written before anything built from now on.</summary>
        public Dictionary<string, H5Object> Built { get; } = new(StringComparer.Ordinal);
    }

    private static void Fill(H5Group target, HdfGroupNode node, string path, Context context)
    {
        foreach (var (name, child) in node.Children)
        {
            string childPath = path + "/" + name;
            switch (child)
            {
                case HdfSoftLinkNode link:
                    target[name] = new H5SoftLink(link.Target);
                    break;
                case HdfGroupNode group:
                    var built = new H5Group();
                    Fill(built, group, childPath, context);
                    target[name] = built;
                    break;
                case HdfDatasetNode dataset:
                    var ds = Dataset(dataset, childPath, context);
                    SetAttributes(ds, dataset, childPath, context);
                    context.Built[childPath] = ds;
                    target[name] = ds;
                    break;
            }
        }
        SetAttributes(target, node, path == "" ? "/" : path, context);
        context.Built[path == "" ? "/" : path] = target;
    }

    private static void SetAttributes(H5Object target, HdfNode node, string path, Context context)
    {
        foreach (var (name, value) in node.Attributes)
        {
            if (value is HdfReference reference)
            {
                if (Resolve(reference, path, context) is H5Object referenced) target.Attributes[name] = new H5ObjectReference(referenced);
            }
            else
            {
                target.Attributes[name] = value;
            }
        }
    }

    /// <summary>The built object, or null when damage removed it; throws when it exists but is written later.</summary>
    private static H5Object? Resolve(HdfReference reference, string from, Context context)
    {
        string target = Hdf5Reader.Normalize(reference.Path);
        if (context.Built.TryGetValue(target, out var built)) return built;
        if (!context.Present.Contains(target)) return null;
        throw new InvalidOperationException($"{from} refers to {target}, which is written after it (PureHDF would store a null reference)");
    }

    private static H5Dataset Dataset(HdfDatasetNode node, string path, Context context)
    {
        if (node.Dims is null) return new H5Dataset(node.Data);
        var data = node.Data switch
        {
            bool[] flags => flags.Select(f => f ? Hdf5Bool.TRUE : Hdf5Bool.FALSE).ToArray(),
            HdfReference[] references => references
                .Select(r => new H5ObjectReference(Resolve(r, path, context)
                    ?? throw new InvalidOperationException($"{path} refers to {r.Path}, which is not in the file")))
                .ToArray(),
            Array array => (object)array,
            _ => throw new InvalidOperationException($"{path}: a dataset with a shape needs an array, got {node.Data.GetType().Name}"),
        };
        var dims = node.Dims;
        bool chunked = node.Compressed && dims.Length > 0 && dims.All(d => d > 0);
        if (!chunked) return new H5Dataset(data, fileDims: dims);
        var chunks = H5pyChunkShape.Guess(dims, ElementBytes(data.GetType().GetElementType()!));
        return new H5Dataset(data, chunks: chunks, fileDims: dims,
            datasetCreation: new H5DatasetCreation(Filters: [ShuffleFilter.Id, DeflateFilter.Id]));
    }

    private static int ElementBytes(Type element) => element.IsEnum ? Marshal.SizeOf(Enum.GetUnderlyingType(element)) : Marshal.SizeOf(element);
}
