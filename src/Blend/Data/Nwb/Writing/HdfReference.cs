namespace Blend.Data.Nwb.Writing;

/// <summary>An HDF5 object reference to the object at an absolute path of the same file.</summary>
internal sealed record HdfReference(string Path);
