namespace Blend.Data.Nwb;

/// <summary>
/// nlb_tools' <c>trial_info</c>: one row per trial in table order, with <c>*_time</c> columns as pandas nanoseconds
/// (NaT for missing), other numeric columns as float64 and text columns as strings (null for missing).
/// </summary>
public sealed class TrialTable
{
    private readonly Dictionary<string, long[]> _times;
    private readonly Dictionary<string, double[]> _numbers;
    private readonly Dictionary<string, string?[]> _texts;

    private TrialTable(int count, string source, Dictionary<string, long[]> times, Dictionary<string, double[]> numbers, Dictionary<string, string?[]> texts)
    {
        Count = count;
        Source = source;
        _times = times;
        _numbers = numbers;
        _texts = texts;
    }

    /// <summary>Number of trials (rows), over all files together.</summary>
    public int Count { get; }

    /// <summary>Where the trials came from, for messages.</summary>
    public string Source { get; }

    /// <summary>The names of all time, numeric and text columns (columns nlb_tools keeps as objects are left out).</summary>
    public IEnumerable<string> ColumnNames => _times.Keys.Concat(_numbers.Keys).Concat(_texts.Keys);

    /// <summary>Whether the table has a time, numeric or text column named <paramref name="name"/> (trial_info names: <c>end_time</c>, <c>trial_id</c>).</summary>
    public bool Has(string name) => _times.ContainsKey(name) || _numbers.ContainsKey(name) || _texts.ContainsKey(name);

    private BlendInputException Missing(string name, string what) =>
        new($"{Source}: the trials table has no {what} column '{NwbTrials.NwbName(name)}' (it has: {string.Join(", ", ColumnNames.Order(StringComparer.Ordinal).Select(NwbTrials.NwbName))})");

    /// <summary>A time column in nanoseconds.</summary>
    public long[] Times(string name) => _times.TryGetValue(name, out var values) ? values : throw Missing(name, "time (*_time)");

    /// <summary>A numeric column; time columns are given in seconds (pandas' <c>dt.total_seconds()</c>).</summary>
    public double[] Numbers(string name) =>
        _numbers.TryGetValue(name, out var values) ? values
        : _times.TryGetValue(name, out var times) ? times.Select(PandasTime.ToSeconds).ToArray()
        : throw Missing(name, "numeric");

    /// <summary>A text column, one string per trial (null for missing); raises <see cref="BlendInputException"/> when there is none.</summary>
    public string?[] Texts(string name) => _texts.TryGetValue(name, out var values) ? values : throw Missing(name, "text");

    /// <summary>A condition value of one trial: a number or a string; null when missing (NaN / NaT / null).</summary>
    public ConditionValue? Value(string name, int trial)
    {
        if (_texts.TryGetValue(name, out var texts)) return texts[trial] is string s ? new ConditionValue(double.NaN, s) : null;
        if (_times.TryGetValue(name, out var times)) return times[trial] == PandasTime.NaT ? null : new ConditionValue(times[trial], null);
        double value = Numbers(name)[trial];
        return double.IsNaN(value) ? null : new ConditionValue(value, null);
    }

    /// <summary>A copy with one more (or a replaced) time column.</summary>
    public TrialTable WithTimes(string name, long[] values)
    {
        if (values.Length != Count) throw new ArgumentException($"{name}: {values.Length} values for {Count} trials", nameof(values));
        var times = new Dictionary<string, long[]>(_times, StringComparer.Ordinal) { [name] = values };
        return new TrialTable(Count, Source, times, _numbers, _texts);
    }

    /// <summary>
    /// The trial tables of files placed on one grid: times shifted by each file's offset, trial ids offset by the
    /// trials before, columns joined (missing values NaN / NaT / null), as nlb_tools concatenates trial_info.
    /// </summary>
    public static TrialTable Concatenate(IReadOnlyList<(NwbTrials Trials, long OffsetMs)> parts)
    {
        int count = parts.Sum(p => p.Trials.Count);
        var times = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var texts = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        int row = 0;
        foreach (var (trials, offsetMs) in parts)
        {
            foreach (var column in trials.Columns)
            {
                if (column.Kind == NwbColumnKind.Unused) continue;
                if (column.Kind == NwbColumnKind.Text)
                {
                    var target = Get(texts, column.Name, count, null);
                    column.Texts!.CopyTo(target, row);
                }
                else if (column.IsTime)
                {
                    var target = Get(times, column.Name, count, PandasTime.NaT);
                    for (int i = 0; i < trials.Count; i++)
                    {
                        long ns = PandasTime.FromSeconds(column.Numbers![i]);
                        target[row + i] = ns == PandasTime.NaT ? ns : ns + offsetMs * PandasTime.NanosecondsPerMs;
                    }
                }
                else
                {
                    var target = Get(numbers, column.Name, count, double.NaN);
                    double shift = column.Name == "trial_id" ? row : 0;
                    for (int i = 0; i < trials.Count; i++) target[row + i] = column.Numbers![i] + shift;
                }
            }
            row += trials.Count;
        }
        string source = parts.Count == 1 ? parts[0].Trials.Source : $"{parts[0].Trials.Source} (and {parts.Count - 1} more file(s))";
        return new TrialTable(count, source, times, numbers, texts);
    }

    private static T[] Get<T>(Dictionary<string, T[]> columns, string name, int count, T missing)
    {
        if (!columns.TryGetValue(name, out var values))
        {
            values = new T[count];
            Array.Fill(values, missing);
            columns[name] = values;
        }
        return values;
    }

    /// <summary>Trials whose <c>split</c> is <paramref name="split"/>.</summary>
    public bool[] SplitMask(params string[] split)
    {
        if (!_texts.TryGetValue("split", out var splits))
            throw new BlendInputException($"{Source}: the trials table has no 'split' column, so the benchmark's train/val/test trials are unknown");
        return splits.Select(s => split.Contains(s)).ToArray();
    }
}

/// <summary>One trial's value of a condition field: a number or a string, ordered like Python values of one type.</summary>
public readonly record struct ConditionValue(double Number, string? Text) : IComparable<ConditionValue>
{
    /// <summary>Orders strings ordinally when either value is a string (a missing string counts as empty), numbers numerically otherwise.</summary>
    public int CompareTo(ConditionValue other) =>
        Text is not null || other.Text is not null
            ? string.CompareOrdinal(Text ?? "", other.Text ?? "")
            : Number.CompareTo(other.Number);

    /// <summary>The string, or the number in round-trip invariant form.</summary>
    public override string ToString() => Text ?? Number.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
