namespace Blend.Data.Nwb;

/// <summary>One NLB NWB file opened for conversion: its units, trials and continuous series.</summary>
public sealed class NwbFile : IDisposable
{
    private readonly Hdf5Reader _reader;

    private NwbFile(Hdf5Reader reader, NwbUnits units, NwbTrials trials, List<NwbTimeSeries> series, List<string> skipped)
    {
        _reader = reader;
        Units = units;
        Trials = trials;
        Series = series;
        SkippedSeries = skipped;
    }

    public string Path => _reader.FilePath;
    public NwbUnits Units { get; }
    public NwbTrials Trials { get; }
    public IReadOnlyList<NwbTimeSeries> Series { get; }

    /// <summary>Series that are not numeric samples × channels tables, with why.</summary>
    public IReadOnlyList<string> SkippedSeries { get; }

    public static NwbFile Open(string path)
    {
        var reader = Hdf5Reader.Open(path);
        try
        {
            var skipped = new List<string>();
            return new NwbFile(reader, NwbUnits.Read(reader), NwbTrials.Read(reader), NwbTimeSeries.FindAll(reader, skipped), skipped);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The NWB files nlb_tools loads for a path: the file itself, or every <c>*.nwb</c> directly in a folder, sorted by
    /// name (Python's <c>sorted(glob(...))</c>).
    /// </summary>
    public static IReadOnlyList<string> Resolve(string fileOrFolder)
    {
        if (File.Exists(fileOrFolder)) return [fileOrFolder];
        if (!Directory.Exists(fileOrFolder)) throw new BlendInputException($"{fileOrFolder}: no such file or folder");
        var files = Directory.GetFiles(fileOrFolder, "*.nwb").OrderBy(f => System.IO.Path.GetFileName(f), StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new BlendInputException($"{fileOrFolder}: the folder holds no .nwb files");
        return files;
    }

    public void Dispose() => _reader.Dispose();
}
