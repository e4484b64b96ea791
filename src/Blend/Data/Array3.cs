namespace Blend.Data;

/// <summary>
/// A dense trials × time × channels array in C order (the layout of NLB's HDF5 tensors), held as float64 so that
/// metrics match nlb_tools, which casts every array to float before scoring. NaN marks unobserved entries.
/// </summary>
public sealed class Array3
{
    /// <summary>Number of trials (first axis).</summary>
    public int Trials { get; }
    /// <summary>Number of time bins per trial (second axis).</summary>
    public int Time { get; }
    /// <summary>Number of channels per bin (third axis): neurons for spike tensors, dimensions for behaviour.</summary>
    public int Channels { get; }
    /// <summary>
    /// The entries in C order: entry (trial, time, channel) is at <c>(trial · Time + time) · Channels + channel</c>.
    /// The array is shared, not copied.
    /// </summary>
    public double[] Values { get; }

    /// <summary>A zero-filled trials × time × channels array.</summary>
    public Array3(int trials, int time, int channels)
        : this(trials, time, channels, new double[checked(trials * time * channels)]) { }

    /// <summary>
    /// Wraps <paramref name="values"/> (not copied, C order) as a trials × time × channels array; its length must be
    /// the product of the shape.
    /// </summary>
    public Array3(int trials, int time, int channels, double[] values)
    {
        if (trials < 0 || time < 0 || channels < 0)
            throw new ArgumentOutOfRangeException(nameof(trials), $"negative shape ({trials}, {time}, {channels})");
        if (values.Length != (long)trials * time * channels)
            throw new ArgumentException($"{values.Length} values do not fill shape ({trials}, {time}, {channels})", nameof(values));
        Trials = trials;
        Time = time;
        Channels = channels;
        Values = values;
    }

    /// <summary>A trials × time × channels array with every entry set to <paramref name="value"/> (e.g. NaN for "all unobserved").</summary>
    public static Array3 Filled(int trials, int time, int channels, double value)
    {
        var array = new Array3(trials, time, channels);
        Array.Fill(array.Values, value);
        return array;
    }

    /// <summary>The shape as <c>[trials, time, channels]</c>, like numpy's <c>shape</c>.</summary>
    public int[] Shape => [Trials, Time, Channels];

    /// <summary>The shape as numpy prints it, e.g. <c>(100, 140, 137)</c>, for error messages.</summary>
    public string ShapeText => $"({Trials}, {Time}, {Channels})";

    /// <summary>Rows of the (trials·time) × channels matrix view.</summary>
    public int Rows => Trials * Time;

    /// <summary>The entry for one trial, time bin and channel (no bounds check beyond that of <see cref="Values"/>).</summary>
    public double this[int trial, int time, int channel]
    {
        get => Values[(trial * Time + time) * Channels + channel];
        set => Values[(trial * Time + time) * Channels + channel] = value;
    }

    /// <summary>The channels of one (trial, time) bin.</summary>
    public Span<double> Bin(int trial, int time) => Values.AsSpan((trial * Time + time) * Channels, Channels);

    /// <summary>All time bins of one trial as a contiguous time × channels block.</summary>
    public Span<double> Trial(int trial) => Values.AsSpan(trial * Time * Channels, Time * Channels);

    /// <summary>Whether <paramref name="other"/> has the same number of trials, time bins and channels.</summary>
    public bool SameShape(Array3 other) => Trials == other.Trials && Time == other.Time && Channels == other.Channels;

    /// <summary>Concatenates along the channel axis (numpy's dstack / concatenate(axis=-1)).</summary>
    public static Array3 ConcatChannels(Array3 first, Array3 second)
    {
        if (first.Trials != second.Trials || first.Time != second.Time)
            throw new ArgumentException($"cannot concatenate channels of shapes {first.ShapeText} and {second.ShapeText}");
        var result = new Array3(first.Trials, first.Time, first.Channels + second.Channels);
        for (int bin = 0; bin < first.Rows; bin++)
        {
            first.Values.AsSpan(bin * first.Channels, first.Channels).CopyTo(result.Values.AsSpan(bin * result.Channels));
            second.Values.AsSpan(bin * second.Channels, second.Channels)
                .CopyTo(result.Values.AsSpan(bin * result.Channels + first.Channels));
        }
        return result;
    }

    /// <summary>Concatenates along the time axis (e.g. main window followed by forward-prediction bins).</summary>
    public static Array3 ConcatTime(Array3 first, Array3 second)
    {
        if (first.Trials != second.Trials || first.Channels != second.Channels)
            throw new ArgumentException($"cannot concatenate time of shapes {first.ShapeText} and {second.ShapeText}");
        var result = new Array3(first.Trials, first.Time + second.Time, first.Channels);
        for (int trial = 0; trial < first.Trials; trial++)
        {
            first.Trial(trial).CopyTo(result.Trial(trial));
            second.Trial(trial).CopyTo(result.Trial(trial)[first.Trial(trial).Length..]);
        }
        return result;
    }

    /// <summary>A copy of a block of time bins and channels of every trial (numpy's a[:, t0:t0+nt, c0:c0+nc]).</summary>
    public Array3 Slice(int timeStart, int timeCount, int channelStart, int channelCount)
    {
        if (timeStart < 0 || timeCount < 0 || timeStart + timeCount > Time || channelStart < 0 || channelCount < 0
            || channelStart + channelCount > Channels)
            throw new ArgumentOutOfRangeException(nameof(timeStart),
                $"slice [{timeStart}, +{timeCount}) × [{channelStart}, +{channelCount}) is outside shape {ShapeText}");
        var result = new Array3(Trials, timeCount, channelCount);
        for (int trial = 0; trial < Trials; trial++)
            for (int t = 0; t < timeCount; t++)
                Bin(trial, timeStart + t).Slice(channelStart, channelCount).CopyTo(result.Bin(trial, t));
        return result;
    }

    /// <summary>Concatenates along the trial axis (numpy's concatenate(axis=0)).</summary>
    public static Array3 ConcatTrials(Array3 first, Array3 second)
    {
        if (first.Time != second.Time || first.Channels != second.Channels)
            throw new ArgumentException($"cannot concatenate trials of shapes {first.ShapeText} and {second.ShapeText}");
        var result = new Array3(first.Trials + second.Trials, first.Time, first.Channels);
        first.Values.CopyTo(result.Values, 0);
        second.Values.CopyTo(result.Values, first.Values.Length);
        return result;
    }

    /// <summary>Time bins [start, start + length) of every trial (numpy's a[:, start:start + length]).</summary>
    public Array3 SliceTime(int start, int length)
    {
        if (start < 0 || length < 0 || start + length > Time)
            throw new ArgumentOutOfRangeException(nameof(start), $"time bins [{start}, {start + length}) outside shape {ShapeText}");
        var result = new Array3(Trials, length, Channels);
        for (int trial = 0; trial < Trials; trial++)
            Trial(trial).Slice(start * Channels, length * Channels).CopyTo(result.Trial(trial));
        return result;
    }

    /// <summary>The trials whose flag is set, in order (numpy boolean indexing on the first axis).</summary>
    public Array3 SelectTrials(IReadOnlyList<bool> keep)
    {
        if (keep.Count != Trials)
            throw new ArgumentException($"trial mask has {keep.Count} entries for {Trials} trials");
        int count = 0;
        for (int i = 0; i < keep.Count; i++) if (keep[i]) count++;
        var result = new Array3(count, Time, Channels);
        int target = 0;
        for (int trial = 0; trial < Trials; trial++)
            if (keep[trial]) Trial(trial).CopyTo(result.Trial(target++));
        return result;
    }

    /// <summary>Whether any entry is NaN (NLB's marker for an unobserved bin or channel).</summary>
    public bool AnyNaN()
    {
        foreach (double value in Values) if (double.IsNaN(value)) return true;
        return false;
    }
}
