namespace Blend.Data.Nwb;

/// <summary>What a trials-table column holds.</summary>
public enum NwbColumnKind
{
    /// <summary>Floats, integers and booleans, held as float64 (booleans as 0/1, NaN for missing).</summary>
    Number,
    /// <summary>Strings.</summary>
    Text,
    /// <summary>A ragged (indexed), multi-dimensional or non-numeric column: nlb_tools keeps it as objects, which no tensor uses.</summary>
    Unused,
}

/// <summary>One column of the trials table, in table row order.</summary>
public sealed class NwbTrialColumn
{
    /// <summary>The column name as in nlb_tools' trial_info (<c>id</c> is <c>trial_id</c>, <c>stop_time</c> is <c>end_time</c>).</summary>
    public required string Name { get; init; }
    /// <summary>What the column holds, which decides whether <see cref="Numbers"/>, <see cref="Texts"/> or neither is set.</summary>
    public required NwbColumnKind Kind { get; init; }

    /// <summary>Values of a <see cref="NwbColumnKind.Number"/> column.</summary>
    public double[]? Numbers { get; init; }

    /// <summary>Values of a <see cref="NwbColumnKind.Text"/> column.</summary>
    public string[]? Texts { get; init; }

    /// <summary>Whether nlb_tools treats the column as a time (its name ends in <c>_time</c>).</summary>
    public bool IsTime => Name.EndsWith("_time", StringComparison.Ordinal);
}
