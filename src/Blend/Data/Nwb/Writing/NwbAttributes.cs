namespace Blend.Data.Nwb.Writing;

/// <summary>The attributes every NWB / hdmf object carries, in the order pynwb's files list them.</summary>
internal static class NwbAttributes
{
    /// <summary>Sets <c>namespace</c>, <c>neurodata_type</c> and <c>object_id</c>.</summary>
    public static void Type(HdfNode node, string @namespace, string neurodataType, string objectId)
    {
        node.Attributes["namespace"] = @namespace;
        node.Attributes["neurodata_type"] = neurodataType;
        node.Attributes["object_id"] = objectId;
    }
}
