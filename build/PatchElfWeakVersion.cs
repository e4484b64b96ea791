using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// TorchSharp-cpu 0.107.0's libLibTorchSharp.so lists GLIBCXX_3.4.32 (needed only for the unused symbol
// std::ios_base_library_init), which Debian 12's libstdc++ lacks, so dlopen fails. Marking that version
// requirement VER_FLG_WEAK in .gnu.version_r makes the loader accept the library. The patch is idempotent and
// written to a temporary file that replaces the original, so a hard link into the NuGet cache is never modified.
public class PatchElfWeakVersion : Task
{
    [Required] public string File { get; set; } = "";
    [Required] public string VersionName { get; set; } = "";

    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    public override bool Execute()
    {
        if (!System.IO.File.Exists(File)) return true;
        byte[] elf = System.IO.File.ReadAllBytes(File);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
        {
            Log.LogError($"{File}: not a little-endian ELF64 file, cannot patch");
            return false;
        }
        ulong sectionTable = BitConverter.ToUInt64(elf, 0x28);
        int sectionSize = BitConverter.ToUInt16(elf, 0x3A);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3C);
        int patched = 0, alreadyWeak = 0;
        for (int s = 0; s < sectionCount; s++)
        {
            int header = checked((int)sectionTable + s * sectionSize);
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed) continue;
            int offset = checked((int)BitConverter.ToUInt64(elf, header + 0x18));
            int entryCount = (int)BitConverter.ToUInt32(elf, header + 0x2C);
            int stringsHeader = checked((int)sectionTable + (int)BitConverter.ToUInt32(elf, header + 0x28) * sectionSize);
            int strings = checked((int)BitConverter.ToUInt64(elf, stringsHeader + 0x18));
            int need = offset;
            for (int n = 0; n < entryCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, need + 2);
                int aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    if (ReadCString(elf, strings + (int)BitConverter.ToUInt32(elf, aux + 8)) == VersionName)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, aux + 4);
                        if ((flags & VerFlgWeak) != 0) alreadyWeak++;
                        else
                        {
                            BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, aux + 4);
                            patched++;
                        }
                    }
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }
        }
        if (patched > 0)
        {
            string temporary = File + ".patching";
            System.IO.File.WriteAllBytes(temporary, elf);
            System.IO.File.Delete(File);
            System.IO.File.Move(temporary, File);
            Log.LogMessage(MessageImportance.High, $"Marked {VersionName} weak in {File}");
        }
        else if (alreadyWeak == 0)
        {
            Log.LogMessage(MessageImportance.Normal, $"{File} does not require {VersionName}; nothing to patch");
        }
        return true;
    }

    private static string ReadCString(byte[] bytes, int start)
    {
        int end = start;
        while (end < bytes.Length && bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, start, end - start);
    }
}
