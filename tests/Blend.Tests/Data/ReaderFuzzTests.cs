using System.Diagnostics;
using Blend.Data;
using Blend.Data.Nwb;
using Blend.Data.Nwb.Synthetic;
using Blend.Experiments;
using Blend.Tests.Experiments;

namespace Blend.Tests.Data;

/// <summary>
/// Fuzzing of every file reader: mutated copies of small valid files (bit flips, truncations, changed length fields,
/// swapped blocks) must each end in a <see cref="BlendInputException"/> or a valid result — never another exception, a
/// hang (each read has 20 s) or unbounded memory. CI runs a fixed-seed sample; the full campaign is
/// <c>BLEND_FUZZ_COUNT=10000 dotnet test Blend.sln -c Release --filter ReaderFuzzTests</c> (the count is over all readers;
/// <c>BLEND_FUZZ_SEED</c> picks other mutations).
/// </summary>
public sealed class ReaderFuzzTests
{
    /// <summary>Inputs per CI run (over all readers), unless BLEND_FUZZ_COUNT says otherwise.</summary>
    private const int CiCount = 600;

    private static int Count => int.TryParse(Environment.GetEnvironmentVariable("BLEND_FUZZ_COUNT"), out int n) && n > 0 ? n : CiCount;

    private static readonly TimeSpan PerRead = TimeSpan.FromSeconds(20);

    private static string Golden(string name) => Path.Combine(NlbTestFiles.RepoRoot, "tests", "Blend.Tests", "TestData", name);

    /// <summary>A reader under test: its seed file, its share of the inputs, and how to read a file with it.</summary>
    private sealed record Target(string Name, byte[] Seed, string Extension, double Share, Action<string> Read);

    private static IReadOnlyList<Target> Targets(string scratch)
    {
        string npy = Path.Combine(scratch, "seed.npy");
        NpyFile.Write(npy, [.. Enumerable.Range(0, 60).Select(i => (double)(i % 7))], [20, 3]);
        string nwb = Path.Combine(scratch, "seed.nwb");
        SyntheticNwb.Generate(new SyntheticNwbOptions { Dataset = "mc_maze", Size = SyntheticNwbOptions.Small, Seed = 3 }).Write(nwb);
        string yaml = File.ReadAllText(Path.Combine(NlbTestFiles.RepoRoot, "configs", "blend-demo.yaml"));
        return
        [
            new("train_input.h5", File.ReadAllBytes(Golden("golden/nwb/train_input.h5")), ".h5", 0.2, p => NlbTrainInput.Read(p)),
            new("eval_input.h5", File.ReadAllBytes(Golden("golden/nwb/eval_input.h5")), ".h5", 0.1, p => NlbEvalInput.Read(p)),
            new("eval_target.h5", File.ReadAllBytes(Golden("golden/nwb/eval_target.h5")), ".h5", 0.1, p => NlbEvalTarget.Read(p)),
            new("submission.h5", File.ReadAllBytes(Golden("nlb/h5py_submission.h5")), ".h5", 0.15, p => NlbSubmission.Read(p)),
            new("dtypes.h5", File.ReadAllBytes(Golden("nlb/h5py_dtypes.h5")), ".h5", 0.05, ReadEveryDataset),
            new(".npy", File.ReadAllBytes(npy), ".npy", 0.2, p => NpyFile.Read(p)),
            new("config.yaml", System.Text.Encoding.UTF8.GetBytes(yaml), ".yaml", 0.17, p => ExperimentConfig.Load(p)),
            new("session.nwb", File.ReadAllBytes(nwb), ".nwb", 0.03,
                p => NwbConversion.Convert(p, new NwbConversionOptions { Dataset = "mc_maze", BinMs = 5 })),
        ];
    }

    /// <summary>Every dataset of an HDF5 file as float64 (h5py_dtypes.h5 holds one dataset per dtype NLB files use).</summary>
    private static void ReadEveryDataset(string path)
    {
        using var reader = Hdf5Reader.Open(path);
        foreach (string name in reader.DatasetNames()) reader.ReadDoubles(name, out _);
    }

    /// <summary>One mutation of <paramref name="seed"/>: 1–3 edits of the kinds a damaged or forged file shows.</summary>
    internal static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = (byte[])seed.Clone();
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits && bytes.Length > 8; e++)
        {
            switch (random.Next(5))
            {
                case 0: // bit flips
                    for (int i = random.Next(1, 9); i > 0; i--) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1: // truncation
                    bytes = bytes[..random.Next(bytes.Length)];
                    break;
                case 2: // a length, size or offset field set to a boundary value (little-endian, 2/4/8 bytes)
                {
                    int width = new[] { 2, 4, 8 }[random.Next(3)];
                    int at = random.Next(Math.Max(1, bytes.Length - width));
                    ulong value = new ulong[] { 0, 1, 0x7F, 0xFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, ulong.MaxValue, (ulong)bytes.Length, (ulong)bytes.Length * 1000 }[random.Next(10)];
                    for (int b = 0; b < width && at + b < bytes.Length; b++) bytes[at + b] = (byte)(value >> (8 * b));
                    break;
                }
                case 3: // two blocks swapped
                {
                    int size = random.Next(1, Math.Max(2, bytes.Length / 8));
                    int a = random.Next(bytes.Length - size), b = random.Next(bytes.Length - size);
                    var block = bytes[a..(a + size)];
                    Array.Copy(bytes, b, bytes, a, size);
                    block.CopyTo(bytes, b);
                    break;
                }
                default: // a block of random bytes
                {
                    int size = random.Next(1, 64), at = random.Next(bytes.Length);
                    for (int i = at; i < Math.Min(bytes.Length, at + size); i++) bytes[i] = (byte)random.Next(256);
                    break;
                }
            }
        }
        return bytes;
    }

    [Fact]
    public async Task MutatedFilesEndInBlendInputExceptionsOrValidResults()
    {
        var scratch = Directory.CreateTempSubdirectory("blend-fuzz-");
        try
        {
            var targets = Targets(scratch.FullName);
            // A fixed seed in CI; BLEND_FUZZ_SEED explores further.
            var random = new Random(int.TryParse(Environment.GetEnvironmentVariable("BLEND_FUZZ_SEED"), out int seed) ? seed : 20261207);
            int total = Count;
            var failures = new List<string>();
            var outcomes = new Dictionary<string, (int Refused, int Read)>();
            long baseline = GC.GetTotalMemory(forceFullCollection: true);
            var clock = Stopwatch.StartNew();
            foreach (var target in targets)
            {
                int count = Math.Max(1, (int)Math.Round(total * target.Share));
                int refused = 0, read = 0;
                for (int i = 0; i < count && failures.Count < 10; i++)
                {
                    byte[] bytes = Mutate(target.Seed, random);
                    string path = Path.Combine(scratch.FullName, $"input{i}{target.Extension}");
                    File.WriteAllBytes(path, bytes);
                    var attempt = Task.Run(() => target.Read(path));
                    try
                    {
                        await attempt.WaitAsync(PerRead);
                        read++;
                    }
                    catch (TimeoutException)
                    {
                        failures.Add($"{target.Name} #{i}: no answer within {PerRead.TotalSeconds} s (kept as {Keep(path)})");
                        break; // the hung read still holds the file; stop this reader
                    }
                    catch (BlendInputException)
                    {
                        refused++;
                    }
                    catch (Exception e)
                    {
                        failures.Add($"{target.Name} #{i}: {e.GetType().Name}: {e.Message} (kept as {Keep(path)})");
                    }
                    if (attempt.IsCompleted) File.Delete(path);
                }
                outcomes[target.Name] = (refused, read);
                // Bounded memory: a damaged storage-size field can make the HDF5 library rent a buffer of up to 1 GB from the
                // shared ArrayPool (the read is still refused), and the pool keeps it for reuse — repeated reads of such a
                // file do not add to it — so the bound is a few of those, whatever the number of inputs.
                long now = GC.GetTotalMemory(forceFullCollection: true);
                Assert.True(now - baseline < 3L << 30, $"managed memory grew by {(now - baseline) >> 20} MB after {target.Name}");
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
            // Both outcomes happen: the mutations reach the readers' checks, and some leave files still valid.
            Assert.True(outcomes.Values.Sum(o => o.Refused) > total / 4, string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
            Console.WriteLine($"fuzzed {outcomes.Values.Sum(o => o.Refused + o.Read)} inputs in {clock.Elapsed.TotalSeconds:F0} s: " +
                              string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value.Refused} refused / {o.Value.Read} read")));
        }
        finally
        {
            try { scratch.Delete(recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>Copies a failing input where it survives the test's clean-up, for a bug report.</summary>
    private static string Keep(string path)
    {
        string kept = Path.Combine(Path.GetTempPath(), "blend-fuzz-failures", $"{Guid.NewGuid():N}{Path.GetExtension(path)}");
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        File.Copy(path, kept);
        return kept;
    }
}
