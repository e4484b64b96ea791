namespace Blend.Data;

/// <summary>
/// Consistency checks between related NLB arrays, shared by reading (after the arrays are loaded) and writing
/// (before anything touches the disk). Each failure is an <see cref="NlbFileException"/> naming the file and key.
/// </summary>
internal sealed class NlbShapeChecks(string file, string group)
{
    /// <summary>The absolute HDF5 path of a key in this group.</summary>
    public string Key(string name) => group == "/" ? "/" + name : $"{group}/{name}";

    public NlbFileException Error(string name, string problem) => new(file, Key(name), problem);

    public NlbFileException Missing(string name) => Error(name, "missing (required)");

    public void SameTrials(string name, Array3? array, string otherName, Array3? other)
    {
        if (array is null || other is null || array.Trials == other.Trials) return;
        throw Error(name, $"has {array.Trials} trials {Shape(array)} but {Key(otherName)} has {other.Trials} {Shape(other)}");
    }

    public void SameTrialsAndTime(string name, Array3? array, string otherName, Array3? other)
    {
        if (array is null || other is null) return;
        SameTrials(name, array, otherName, other);
        if (array.Time != other.Time)
            throw Error(name, $"has {array.Time} time bins {Shape(array)} but {Key(otherName)} has {other.Time} {Shape(other)}");
    }

    public void SameChannels(string name, Array3? array, string otherName, Array3? other)
    {
        if (array is null || other is null || array.Channels == other.Channels) return;
        throw Error(name, $"has {array.Channels} channels {Shape(array)} but {Key(otherName)} has {other.Channels} {Shape(other)}");
    }

    /// <summary>Arrays that only make sense together (held-in with held-out forward spikes, train with eval masks).</summary>
    public void BothOrNeither(string name, object? value, string otherName, object? other)
    {
        if ((value is null) == (other is null)) return;
        throw value is null
            ? Error(name, $"missing while {Key(otherName)} is present")
            : Error(otherName, $"missing while {Key(name)} is present");
    }

    public void Rows(string name, int rows, string otherName, int otherRows, string what = "rows")
    {
        if (rows != otherRows) throw Error(name, $"has {rows} {what} but {Key(otherName)} has {otherRows} trials");
    }

    /// <summary>A 2-D behaviour array is held as trials × 1 × columns.</summary>
    public void Behavior2D(string name, Array3? array, bool is2D)
    {
        if (array is not null && is2D && array.Time != 1)
            throw Error(name, $"marked 2-D (trials × columns) but holds {array.Time} time bins {Shape(array)}; a 2-D behaviour array must have Time = 1");
    }

    public void Indices(string name, IReadOnlyList<int[]> lists, int? trials)
    {
        for (int c = 0; c < lists.Count; c++)
        {
            if (lists[c] is null) throw Error(name, $"list {c} is null");
            foreach (int index in lists[c])
                if (index < 0 || (trials is int n && index >= n))
                    throw Error(name, trials is int m
                        ? $"list {c} holds trial index {index}, outside 0..{m - 1}"
                        : $"list {c} holds negative trial index {index}");
        }
    }

    public static string Shape(Array3 array) => array.ShapeText;
}
