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

    /// <summary>The file path as given to <see cref="Open"/>.</summary>
    public string Path => _reader.FilePath;
    /// <summary>The file's <c>/units</c> table (ids, held-out flags, observation intervals; spike times read on demand).</summary>
    public NwbUnits Units { get; }
    /// <summary>The file's trials table (<c>/intervals/trials</c>).</summary>
    public NwbTrials Trials { get; }
    /// <summary>The continuous series nlb_tools would load (acquisition, stimulus and processing modules), with nlb_tools' names.</summary>
    public IReadOnlyList<NwbTimeSeries> Series { get; }

    /// <summary>Series that are not numeric samples × channels tables, with why.</summary>
    public IReadOnlyList<string> SkippedSeries { get; }

    /// <summary>
    /// Opens an NWB (HDF5) file and reads its units table, trials table and series list; a missing or malformed
    /// file raises <see cref="NlbFileException"/>. Dispose the result to close the file.
    /// </summary>
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

    /// <summary>Closes the underlying HDF5 file.</summary>
    public void Dispose() => _reader.Dispose();
}
