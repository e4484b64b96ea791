using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Blend.Deployment;
using Blend.Deployment.Streaming;

namespace Blend.Cli.Commands;

/// <summary>
/// <c>blend stream</c>: closed-loop inference over standard input and output. Each input line is one bin of counts —
/// comma- or space-separated numbers, or a JSON array — either every neuron of the recording in its column order or only
/// the held-in neurons in the bundle's order; an empty line (or <c>reset</c>) starts a new trial. Each bin gets one
/// output line at once (flushed): JSON (<c>bin</c>, <c>behavior</c>, <c>rates</c> in the recording's neuron order,
/// optionally <c>latents</c>) or CSV. At the end, the per-bin latency on standard error.
/// </summary>
public static class StreamCommand
{
    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var model = CliOptions.Required<string>("--model", "A causal model bundle (model.causal: true NDT, or lfads.causal: true LFADS).", "-m");
        var format = CliOptions.WithDefault<string>("--format", "jsonl", "Output lines: jsonl (one JSON object per bin) or csv (a header, then bin, behavior…, rates…).");
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var latents = CliOptions.Optional<bool>("--latents", "Also write each bin's latents (jsonl only).");
        var replay = CliOptions.Optional<FileInfo?>("--replay", "Read the bins from a recording (.npy, bins × neurons in the recording's column order) instead of stdin, one row at a time, as if they arrived live.");
        var command = new Command("stream", "Closed-loop inference: one line of counts per bin in (stdin), one line of rates and decoded behavior per bin out (stdout), as each bin arrives.")
        {
            model, format, latents, replay,
        };
        command.SetAction(parsed =>
        {
            string? recording = parsed.GetValue(replay)?.ToString();
            return Run(parsed.GetValue(model)!, parsed.GetValue(format)!, parsed.GetValue(latents), recording is null ? stdin : Replay(recording), stdout, stderr);
        });
        return command;
    }

    private const int WarmUpBins = 200;

    private static int Run(string bundlePath, string format, bool withLatents, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (withLatents && format == "csv") throw new BlendInputException("--latents needs --format jsonl (latents have several widths)");
        var bundle = ModelBundle.Read(bundlePath);
        var m = bundle.Manifest;
        var stream = BinStream.For(bundle);
        var columns = m.ChannelColumns;
        stderr.WriteLine($"Streaming {m.Model} ({m.Architecture}, {m.HeldinCount} held-in of {m.RecordingNeurons} neurons{(m.BinMs is double b ? $", {b.ToString(CultureInfo.InvariantCulture)} ms bins" : "")}): " +
                         $"one line of {m.RecordingNeurons} (recording order) or {m.HeldinCount} (held-in, bundle order) counts per bin; an empty line starts a new trial");
        if (format == "csv") stdout.WriteLine(CsvHeader(m));
        stdout.Flush();
        // Warm up before the first real bin: the JIT compiles (and re-compiles, tiered) the step on these, not on live data.
        var silent = new float[m.HeldinCount];
        for (int i = 0; i < WarmUpBins; i++) stream.Push(silent);
        stream.Reset();

        var latencies = new List<double>();
        var heldin = new float[m.HeldinCount];
        var clock = new Stopwatch();
        string? line;
        int lineNumber = 0;
        while ((line = stdin.ReadLine()) is not null)
        {
            lineNumber++;
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.Equals("reset", StringComparison.OrdinalIgnoreCase))
            {
                stream.Reset();
                continue;
            }
            var values = Parse(trimmed, lineNumber);
            if (values.Length == m.RecordingNeurons) for (int c = 0; c < heldin.Length; c++) heldin[c] = values[m.HeldinNeurons[c]];
            else if (values.Length == m.HeldinCount) values.CopyTo(heldin, 0);
            else
                throw new BlendInputException(
                    $"stdin line {lineNumber}: {values.Length} counts; give {m.RecordingNeurons} (every neuron, recording order) or {m.HeldinCount} (held-in, bundle order)");
            clock.Restart();
            var answer = stream.Push(heldin);
            clock.Stop();
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            stdout.WriteLine(format == "csv" ? CsvLine(answer, columns, m.RecordingNeurons) : JsonLine(answer, columns, m.RecordingNeurons, withLatents));
            stdout.Flush();
        }
        if (latencies.Count > 0)
        {
            var sorted = latencies.Order().ToArray();
            double Quantile(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{sorted.Length} bins: latency per bin p50 {Quantile(0.5):F3} ms, p99 {Quantile(0.99):F3} ms, max {sorted[^1]:F3} ms"));
        }
        return ExitCodes.Success;
    }

    /// <summary>The rows of a .npy recording as input lines.</summary>
    private static TextReader Replay(string path)
    {
        var recording = Blend.Data.NpyFile.ReadMatrix(path);
        Blend.Data.RecordingChecks.Spikes(recording, path);
        var lines = new StringBuilder();
        for (int r = 0; r < recording.Rows; r++)
        {
            var row = recording.Row(r);
            for (int c = 0; c < row.Length; c++) lines.Append(c == 0 ? "" : ",").Append(row[c].ToString("R", CultureInfo.InvariantCulture));
            lines.Append('\n');
        }
        return new StringReader(lines.ToString());
    }

    private static float[] Parse(string line, int lineNumber)
    {
        try
        {
            if (line.StartsWith('['))
                return JsonSerializer.Deserialize<float[]>(line) ?? throw new BlendInputException($"stdin line {lineNumber}: null");
            return line.Split([',', ' ', '\t', ';'], StringSplitOptions.RemoveEmptyEntries)
                .Select(v => float.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (Exception e) when (e is FormatException or JsonException or OverflowException)
        {
            throw new BlendInputException($"stdin line {lineNumber}: not a list of numbers ({(line.Length > 60 ? line[..60] + "…" : line)})", e);
        }
    }

    /// <summary>Rates from model order (held-in then held-out) to the recording's column order.</summary>
    private static float[] RecordingOrder(float[] modelOrder, int[] columns, int neurons)
    {
        var rates = new float[neurons];
        for (int c = 0; c < columns.Length; c++) rates[columns[c]] = modelOrder[c];
        return rates;
    }

    private static string JsonLine(StreamOutput answer, int[] columns, int neurons, bool withLatents)
    {
        var line = new Dictionary<string, object> { ["bin"] = answer.Bin };
        if (answer.Behavior is not null) line["behavior"] = answer.Behavior;
        line["rates"] = RecordingOrder(answer.Rates, columns, neurons);
        if (withLatents) line["latents"] = answer.Latents.ToDictionary(l => l.Name, l => l.Values);
        return JsonSerializer.Serialize(line);
    }

    private static string CsvHeader(BundleManifest m)
    {
        var header = new StringBuilder("bin");
        for (int d = 0; d < (m.Decoder?.Outputs ?? 0); d++) header.Append(CultureInfo.InvariantCulture, $",behavior_{d}");
        for (int n = 0; n < m.RecordingNeurons; n++) header.Append(CultureInfo.InvariantCulture, $",rate_{n}");
        return header.ToString();
    }

    private static string CsvLine(StreamOutput answer, int[] columns, int neurons)
    {
        var line = new StringBuilder(answer.Bin.ToString(CultureInfo.InvariantCulture));
        foreach (float value in answer.Behavior ?? []) line.Append(',').Append(value.ToString("G7", CultureInfo.InvariantCulture));
        foreach (float value in RecordingOrder(answer.Rates, columns, neurons)) line.Append(',').Append(value.ToString("G7", CultureInfo.InvariantCulture));
        return line.ToString();
    }
}
