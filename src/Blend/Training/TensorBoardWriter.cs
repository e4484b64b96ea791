using Google.Protobuf;
using Tensorboard;

namespace Blend.Training;

/// <summary>
/// Scalars in TensorBoard's event-file format (records of length, masked CRC-32C, an <c>Event</c> protobuf, masked
/// CRC-32C), using the protobuf classes that ship with TorchSharp. TorchSharp's own <c>SummaryWriter</c> writes the
/// same records but stamps events with .NET ticks (or 0) instead of Unix seconds, which TensorBoard's relative-time
/// axis misreads; this writer uses Unix seconds. A new file per instance, so a resumed run adds a file beside the old one.
/// </summary>
public sealed class TensorBoardWriter : IDisposable
{
    private readonly FileStream _stream;

    /// <summary>Creates <paramref name="folder"/> if needed and a new event file in it, starting with the file-version event.</summary>
    /// <param name="folder">The log folder TensorBoard reads (e.g. <c>runs/NAME/tensorboard</c>).</param>
    public TensorBoardWriter(string folder)
    {
        Directory.CreateDirectory(folder);
        Path = System.IO.Path.Combine(folder,
            $"events.out.tfevents.{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Environment.MachineName}.{Environment.ProcessId}.{Guid.NewGuid():N}");
        _stream = new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        Write(new Event { WallTime = Now(), FileVersion = "brain.Event:2" });
    }

    /// <summary>The event file this writer appends to.</summary>
    public string Path { get; }

    /// <summary>Appends one scalar event (stored as float32), stamped with the current Unix time.</summary>
    /// <param name="tag">The series name, e.g. <c>loss/val</c>.</param>
    /// <param name="value">The value.</param>
    /// <param name="step">The x position (the trainer uses the epoch).</param>
    public void AddScalar(string tag, double value, long step)
    {
        var summary = new Summary();
        summary.Value.Add(new Summary.Types.Value { Tag = tag, SimpleValue = (float)value });
        Write(new Event { WallTime = Now(), Step = step, Summary = summary });
    }

    /// <summary>Flushes buffered events to the file, so TensorBoard sees them.</summary>
    public void Flush() => _stream.Flush();

    private void Write(Event e)
    {
        byte[] data = e.ToByteArray();
        byte[] length = BitConverter.GetBytes((ulong)data.Length);
        _stream.Write(length);
        _stream.Write(BitConverter.GetBytes(MaskedCrc(length)));
        _stream.Write(data);
        _stream.Write(BitConverter.GetBytes(MaskedCrc(data)));
    }

    private static uint MaskedCrc(byte[] data)
    {
        uint crc = TorchSharp.Utils.CRC32C.process(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>Flushes and closes the event file.</summary>
    public void Dispose()
    {
        _stream.Flush();
        _stream.Dispose();
    }
}
