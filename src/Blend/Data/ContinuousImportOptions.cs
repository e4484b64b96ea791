namespace Blend.Data;

/// <summary>
/// How <see cref="ContinuousImport"/> turns a continuous recording into NLB tensors. Error messages use the names of
/// <c>blend import</c>'s options, which mirror these properties.
/// </summary>
public sealed record ContinuousImportOptions
{
    /// <summary>Bin width of the input arrays in ms (<c>--bin-ms</c>). Recorded in the manifest, never used to resample.</summary>
    public required double BinMs { get; init; }

    /// <summary>Sum spikes (and average behaviour) over this many input bins first (<c>--rebin</c>); a trailing partial block is dropped.</summary>
    public int Rebin { get; init; } = 1;

    /// <summary>Bins of a window that models see as input (<c>--window</c>), after rebinning.</summary>
    public required int WindowBins { get; init; }

    /// <summary>Bins after each window kept as forward-prediction targets (<c>--forward</c>); 0 writes no forward tensors.</summary>
    public required int ForwardBins { get; init; }

    /// <summary>
    /// Bins shared by consecutive training windows (<c>--overlap</c>); null means a quarter of <see cref="WindowBins"/>.
    /// Validation and eval windows never overlap: each of their bins is scored once, and no window's held-in input
    /// contains another window's forward-prediction bins.
    /// </summary>
    public int? OverlapBins { get; init; }

    /// <summary>Fraction of neurons held out (<c>--heldout-fraction</c>): round(fraction · N), at least 1, at most N − 1.</summary>
    public double HeldoutFraction { get; init; } = 0.25;

    /// <summary>Contiguous train / validation / eval blocks, in that time order (<c>--splits</c>).</summary>
    public SplitFractions Splits { get; init; } = SplitFractions.Default;

    /// <summary>Seed of the shuffle that picks held-out neurons (<c>--seed</c>).</summary>
    public int Seed { get; init; }

    /// <summary>Dataset name, the eval-target group (<c>--name</c>); null derives it from the spikes file name.</summary>
    public string? Name { get; init; }

    /// <summary>The overlap of training windows after applying the default.</summary>
    public int TrainOverlapBins => OverlapBins ?? WindowBins / 4;

    /// <summary>Bins chopped per window: the input window plus the forward-prediction bins.</summary>
    public int ChoppedBins => WindowBins + ForwardBins;

    /// <summary>Throws <see cref="BlendInputException"/> for values that cannot work whatever the data.</summary>
    public void Validate()
    {
        if (!(BinMs > 0) || double.IsInfinity(BinMs)) throw Invalid("--bin-ms", $"must be a positive number of milliseconds, got {BinMs}");
        if (Rebin < 1) throw Invalid("--rebin", $"must be at least 1, got {Rebin}");
        if (WindowBins < 1) throw Invalid("--window", $"must be at least 1 bin, got {WindowBins}");
        if (ForwardBins < 0) throw Invalid("--forward", $"must be 0 or more bins, got {ForwardBins}");
        if ((long)WindowBins + ForwardBins > int.MaxValue)
            throw Invalid("--window", $"{WindowBins} + --forward {ForwardBins} bins is more than any recording can hold");
        int overlap = TrainOverlapBins;
        if (overlap < 0) throw Invalid("--overlap", $"must be 0 or more bins, got {overlap}");
        // Chopping's limit: merged windows may overlap two deep, not three.
        if (2L * overlap > ChoppedBins)
            throw Invalid("--overlap", $"{overlap} is more than half the chopped window ({WindowBins} + {ForwardBins} forward = {ChoppedBins} bins)");
        if (!(HeldoutFraction > 0 && HeldoutFraction < 1))
            throw Invalid("--heldout-fraction", $"must be in (0, 1), got {HeldoutFraction}");
        Splits.Validate();
        if (Name is not null && !NlbDatasetNames.IsUsableGroupName(Name))
            throw Invalid("--name", $"'{Name}' is not a usable dataset name: use letters, digits and '_', starting with a letter");
    }

    private static BlendInputException Invalid(string option, string problem) => new($"{option} {problem}");
}
