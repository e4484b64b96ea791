using System.Security.Cryptography;
using System.Text;

namespace Blend.Data.Nwb.Writing;

/// <summary>
/// The <c>object_id</c> attribute of every NWB object: a UUID, random in pynwb. Here it is name-based (RFC 4122
/// version 5: SHA-1 of the file identifier and the object's path), so the same content gives the same bytes and
/// different objects, or files with different identifiers, get different ids.
/// </summary>
internal static class NwbObjectIds
{
    /// <summary>A fixed namespace UUID for BLEND's NWB writer (itself random, chosen once).</summary>
    private static readonly byte[] Namespace = Convert.FromHexString("5c1b2f0e8a7d4e52b9d3a41f6e0c7d28");

    public static string For(string fileIdentifier, string path)
    {
        byte[] name = Encoding.UTF8.GetBytes(fileIdentifier + "\n" + path);
        byte[] hash = SHA1.HashData([.. Namespace, .. name]);
        byte[] uuid = hash[..16];
        uuid[6] = (byte)((uuid[6] & 0x0f) | 0x50);
        uuid[8] = (byte)((uuid[8] & 0x3f) | 0x80);
        string hex = Convert.ToHexStringLower(uuid);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
