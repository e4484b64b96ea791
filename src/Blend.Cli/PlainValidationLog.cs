using System.Diagnostics;
using System.Globalization;
using Blend.Training;

namespace Blend.Cli;

/// <summary>
/// Training progress where there is no terminal to draw a bar on (a pipe, a log file, a cluster job's output): the
/// first validation, then one line per validation at most every <see cref="Interval"/> — epoch, losses, best so far and
/// an estimate of the time left at the current pace (early stopping may end the run sooner).
/// </summary>
internal sealed class PlainValidationLog(TextWriter stdout, string prefix, int endEpoch, Func<TimeSpan>? clock = null) : ITrainingObserver
{
    /// <summary>The least time between two lines.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly Func<TimeSpan> _clock = clock ?? StartClock();
    private TimeSpan? _lastLine;
    private (int Epoch, TimeSpan At)? _first;

    private static Func<TimeSpan> StartClock()
    {
        var watch = Stopwatch.StartNew();
        return () => watch.Elapsed;
    }

    /// <inheritdoc/>
    public void EpochCompleted(int epoch, int totalEpochs)
    {
    }

    /// <inheritdoc/>
    public void Validated(ValidationRecord record)
    {
        var now = _clock();
        _first ??= (record.Epoch, now);
        if (_lastLine is { } last && now - last < Interval) return;
        _lastLine = now;
        stdout.WriteLine(prefix + TrainingProgress.Line(record, endEpoch) + Eta(record.Epoch, now));
    }

    /// <summary>"  ~3 min left", from the pace since the first validation; empty before there is a pace to go by.</summary>
    private string Eta(int epoch, TimeSpan now)
    {
        if (_first is not { } first || epoch <= first.Epoch || epoch >= endEpoch) return "";
        double perEpoch = (now - first.At).TotalSeconds / (epoch - first.Epoch);
        return "  " + Remaining(TimeSpan.FromSeconds(perEpoch * (endEpoch - epoch)));
    }

    /// <summary>A duration as people say it: "~40 s left", "~12 min left", "~3.5 h left".</summary>
    public static string Remaining(TimeSpan left) => left.TotalSeconds switch
    {
        < 90 => string.Create(CultureInfo.InvariantCulture, $"~{Math.Max(1, left.TotalSeconds):F0} s left"),
        < 90 * 60 => string.Create(CultureInfo.InvariantCulture, $"~{left.TotalMinutes:F0} min left"),
        < 48 * 3600 => string.Create(CultureInfo.InvariantCulture, $"~{left.TotalHours:F1} h left"),
        _ => string.Create(CultureInfo.InvariantCulture, $"~{left.TotalDays:F1} days left"),
    };
}
