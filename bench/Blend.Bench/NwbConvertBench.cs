using System.Diagnostics;
using System.Globalization;
using Blend.Data;
using Blend.Data.Nwb;
using Blend.Data.Nwb.Synthetic;

namespace Blend.Bench;

/// <summary>
/// NWB → NLB conversion time and peak memory on a large generated NWB file (MC_Maze training-file scale: 2,000 trials,
/// 182 units, ~2 M spikes, four behaviour series) or on a given file.
/// Options: --file PATH (skip generation), --dataset mc_maze|mc_rtt (default mc_maze), --size large|small, --seed 0,
/// --bin 5. The generated file is cached under the temp folder (--generate-only makes it and exits, so a second run
/// measures the conversion in a fresh process).
/// </summary>
internal sealed class NwbConvertBench : IBenchmark
{
    public string Name => "nwb";
    public string Description => "blend nwb conversion time and peak RSS on a large generated NWB file";

    public int Run(string[] args)
    {
        var o = new BenchOptions(args);
        string dataset = o.String("dataset") ?? "mc_maze";
        string? given = o.String("file");
        if (given is null && o.Flag("generate-only"))
        {
            Generated(dataset, o.String("size") ?? "large", o.Int("seed", 0));
            return 0;
        }
        string path = given ?? Generated(dataset, o.String("size") ?? "large", o.Int("seed", 0));
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"file {path}: {new FileInfo(path).Length / 1e6:F1} MB; cores {Environment.ProcessorCount}"));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        ResetPeakRss();
        long baseline = PeakRssBytes();
        var clock = Stopwatch.StartNew();
        var stages = new List<(string Stage, double Seconds)>();
        var progress = new StageClock(clock, stages);
        var result = NwbConversion.Convert(path, new NwbConversionOptions { Dataset = dataset, BinMs = o.Int("bin", 5) }, progress);
        double converted = clock.Elapsed.TotalSeconds;
        long peakBeforeWriting = PeakRssBytes();
        string output = Path.Combine(Path.GetTempPath(), $"blend-bench-nwb-out-{Guid.NewGuid():N}");
        result.Dataset.Write(output);
        double total = clock.Elapsed.TotalSeconds;
        long peak = PeakRssBytes();
        long written = Directory.GetFiles(output).Sum(f => new FileInfo(f).Length);
        Directory.Delete(output, recursive: true);

        var sets = new[] { result.Dataset.TrainInput.SpikesHeldin, result.Dataset.TrainInput.SpikesHeldout, result.Dataset.TrainInput.Behavior,
            result.Dataset.TrainInput.SpikesHeldinForward, result.Dataset.TrainInput.SpikesHeldoutForward, result.Dataset.TrainInput.BehaviorForward,
            result.Dataset.EvalInput.SpikesHeldin, result.Dataset.EvalInput.SpikesHeldout, result.Dataset.EvalInput.BehaviorForward };
        var target = result.Dataset.EvalTarget!.Datasets.Values.Single();
        long values = sets.Concat([target.EvalSpikesHeldout, target.TrainBehavior, target.EvalBehavior, target.EvalSpikesHeldinForward,
            target.EvalSpikesHeldoutForward, target.Psth]).Sum(a => a?.Values.LongLength ?? 0);

        double previous = 0;
        foreach (var (stage, seconds) in stages)
        {
            Console.WriteLine(string.Create(inv, $"  {stage,-36} {seconds - previous,6:F2} s"));
            previous = seconds;
        }
        Console.WriteLine(string.Create(inv, $"  {"(last stage)",-36} {converted - previous,6:F2} s"));
        Console.WriteLine(string.Create(inv, $"  {"writing the HDF5 files",-36} {total - converted,6:F2} s"));
        Console.WriteLine(string.Create(inv, $"conversion {converted:F1} s, with writing {total:F1} s; {result.Recording.Heldin.Sum(u => u.Samples.Length) + result.Recording.Heldout.Sum(u => u.Samples.Length):N0} spikes kept, {result.Recording.Samples / 1000.0:F0} s of recording"));
        Console.WriteLine(string.Create(inv, $"peak RSS {peak / 1e6:F0} MB ({peakBeforeWriting / 1e6:F0} MB before writing, {baseline / 1e6:F0} MB at the start); output tensors {values:N0} values = {values * 8 / 1e6:F0} MB as float64 in memory, {written / 1e6:F0} MB written (float32, gzip)"));
        return 0;
    }

    private static string Generated(string dataset, string size, int seed)
    {
        string path = Path.Combine(Path.GetTempPath(), $"blend-bench-{dataset}-{size}-{seed}.nwb");
        if (File.Exists(path)) return path;
        var clock = Stopwatch.StartNew();
        SyntheticNwb.Generate(new SyntheticNwbOptions { Dataset = dataset, Size = size, Seed = seed }).Write(path);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {path} in {clock.Elapsed.TotalSeconds:F1} s"));
        return path;
    }

    /// <summary>Linux: writing 5 to /proc/self/clear_refs resets the peak RSS (VmHWM), so generation does not count.</summary>
    private static void ResetPeakRss()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static long PeakRssBytes()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return -1;
    }

    /// <summary>Records when each stage first reports.</summary>
    private sealed class StageClock(Stopwatch clock, List<(string Stage, double Seconds)> stages) : IProgress<NwbConversionProgress>
    {
        private string? _current;

        public void Report(NwbConversionProgress value)
        {
            if (value.Stage == _current) return;
            if (_current is not null) stages.Add((_current, clock.Elapsed.TotalSeconds));
            _current = value.Stage;
        }
    }
}
