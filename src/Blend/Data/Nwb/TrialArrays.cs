namespace Blend.Data.Nwb;

/// <summary>Where <see cref="TrialArrays.Jagged"/> puts a trial shorter than the array: at the start or the end.</summary>
public enum TrialPadding
{
    /// <summary>Data at the start, NaN padding after it (nlb_tools' <c>pad='back'</c>).</summary>
    Back,
    /// <summary>Data at the end, NaN padding before it (nlb_tools' <c>pad='front'</c>).</summary>
    Front
}

/// <summary>
/// nlb_tools' <c>make_stacked_array</c> (equal-length windows stacked to trials × time × channels) and
/// <c>make_jagged_array</c> (windows placed in a NaN array, optionally shifted by a jitter and cut to a length).
/// </summary>
public static class TrialArrays
{
    /// <summary>Stacks equal-length windows; unequal lengths are an error, as in nlb_tools (np.stack).</summary>
    public static Array3 Stacked(BinnedField field, IReadOnlyList<TrialWindow> windows, TrialTable trials, string what)
    {
        int length = windows.Count == 0 ? 0 : windows[0].Length;
        var odd = windows.FirstOrDefault(w => w.Length != length);
        if (odd is not null)
            throw new BlendInputException(
                $"{trials.Source}: {what}: trial windows differ in length after nlb_tools drops rows with NaN " +
                $"(trial {odd.Trial} has {odd.Length} bins, trial {windows[0].Trial} has {length}); nlb_tools cannot stack them either");
        var array = new Array3(windows.Count, length, field.Channels);
        for (int i = 0; i < windows.Count; i++)
            field.Fill(windows[i], array.Values.AsSpan(i * length * field.Channels, length * field.Channels));
        return array;
    }

    /// <summary>
    /// make_jagged_array for one selection: the rows of each selected trial (table positions, in order) placed in a
    /// NaN array of <paramref name="length"/> bins (null: the longest window in <paramref name="windows"/>), shifted by
    /// <paramref name="jitterBins"/> (one per selected trial). A selected trial without a window stays NaN (nlb_tools
    /// fails with a KeyError there).
    /// </summary>
    public static Array3 Jagged(BinnedField field, IReadOnlyList<TrialWindow> windows, IReadOnlyList<int> selected,
        int? length = null, TrialPadding padding = TrialPadding.Back, IReadOnlyList<int>? jitterBins = null)
    {
        int maxLength = length ?? (windows.Count == 0 ? 0 : windows.Max(w => w.Length));
        int channels = field.Channels;
        var array = new Array3(selected.Count, maxLength, channels);
        Array.Fill(array.Values, double.NaN);
        var byTrial = windows.ToDictionary(w => w.Trial);
        for (int i = 0; i < selected.Count; i++)
        {
            if (!byTrial.TryGetValue(selected[i], out var window)) continue;
            double[] rows = field.Rows(window);
            int jitter = jitterBins?[i] ?? 0;
            var (from, count, to) = Placement(window.Length, maxLength, jitter, padding);
            if (count <= 0) continue;
            Array.Copy(rows, from * channels, array.Values, (i * maxLength + to) * channels, count * channels);
        }
        return array;
    }

    /// <summary>
    /// Which data rows go where, following make_jagged_array's slicing literally (Python negative indices included):
    /// returns the first data row, the row count and the first array row.
    /// </summary>
    internal static (int From, int Count, int To) Placement(int dataLength, int maxLength, int jitter, TrialPadding padding)
    {
        if (padding == TrialPadding.Front)
        {
            if (jitter >= 0)
            {
                // data = data[-(max_len - jit):]; arr[i, -(len + jit):-jit or end] = data
                int keep = Math.Min(dataLength, maxLength - jitter);
                if (maxLength - jitter <= 0) keep = dataLength; // data[-0:] is the whole array
                return (dataLength - keep, keep, maxLength - jitter - keep);
            }
            // data = data[-(max_len - jit):jit]; arr[i, -len:] = data
            int end = dataLength + jitter;
            int begin = Math.Max(0, dataLength - (maxLength - jitter));
            int count = Math.Max(0, end - begin);
            return (begin, count, maxLength - count);
        }
        if (jitter > 0)
        {
            // data = data[jit:(max_len + jit)]; arr[i, :len] = data
            int begin = Math.Min(jitter, dataLength);
            int count = Math.Min(dataLength, maxLength + jitter) - begin;
            return (begin, Math.Max(0, count), 0);
        }
        // jit ≤ 0 (nlb_tools' `if jit == 0` is followed by `if`, not `elif`, so jit = 0 also runs this branch; the
        // result is the same): data = data[:(max_len - jit)]; arr[i, -jit:(len - jit)] = data
        int taken = Math.Min(dataLength, maxLength - jitter);
        int start = -jitter;
        return (0, Math.Max(0, Math.Min(taken, maxLength - start)), start);
    }
}
