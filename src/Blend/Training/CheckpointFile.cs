using System.Text;
using Blend.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Blend.Training;

/// <summary>
/// A checkpoint on disk: the magic <c>BLENDCKP</c>, a format version, a JSON metadata string, then named tensors in
/// TorchSharp's tensor format (dtype, shape, raw data). Written atomically (temporary file + rename), so a run killed
/// mid-write keeps its previous checkpoint.
/// </summary>
public static class CheckpointFile
{
    private const string Magic = "BLENDCKP";
    private const int FormatVersion = 1;

    /// <summary>Writes a checkpoint atomically; tensors are saved detached, on the CPU and contiguous, in enumeration order.</summary>
    /// <param name="path">The checkpoint file (replaced if it exists).</param>
    /// <param name="metadataJson">Free-form JSON stored before the tensors (e.g. options, counters, history).</param>
    /// <param name="tensors">The named tensors (parameters, optimizer state, random states).</param>
    public static void Write(string path, string metadataJson, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        AtomicFile.Write(path, temporary =>
        {
            using var stream = File.Create(temporary);
            using var writer = new BinaryWriter(stream, Encoding.UTF8);
            writer.Write(Encoding.ASCII.GetBytes(Magic));
            writer.Write(FormatVersion);
            writer.Write(metadataJson);
            var list = tensors.ToList();
            writer.Write(list.Count);
            foreach (var (name, tensor) in list)
            {
                writer.Write(name);
                using var cpu = tensor.detach().cpu().contiguous();
                cpu.Save(writer);
            }
            writer.Flush();
            stream.Flush(flushToDisk: true);
        });
    }

    /// <summary>Reads a checkpoint; the caller owns (and disposes) the returned tensors.</summary>
    public static (string MetadataJson, Dictionary<string, Tensor> Tensors) Read(string path)
    {
        if (!File.Exists(path)) throw new BlendInputException($"{path}: checkpoint not found");
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length)) != Magic)
                throw new BlendInputException($"{path}: not a Blend checkpoint");
            int version = reader.ReadInt32();
            if (version != FormatVersion)
                throw new BlendInputException($"{path}: checkpoint format {version} is not supported (this Blend reads {FormatVersion})");
            string metadata = reader.ReadString();
            int count = reader.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                string name = reader.ReadString();
                tensors[name] = TensorExtensionMethods.Load(reader).DetachFromDisposeScope();
            }
            return (metadata, tensors);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or InvalidDataException)
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw new BlendInputException($"{path}: damaged or truncated checkpoint ({e.Message.ReplaceLineEndings(" ")})", e);
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
    }
}
