using K = Blend.Data.NlbKeys;

namespace Blend.Data;

/// <summary>
/// One dataset's group in an NLB submission file: predicted rates (spikes per bin) for the train and eval trials,
/// held-in and held-out neurons, and optionally the forward-prediction window of the eval trials.
/// </summary>
public sealed class NlbDatasetRates
{
    /// <summary><c>train_rates_heldin</c>.</summary>
    public required Array3 TrainRatesHeldin { get; init; }

    /// <summary><c>train_rates_heldout</c>.</summary>
    public required Array3 TrainRatesHeldout { get; init; }

    /// <summary><c>eval_rates_heldin</c>.</summary>
    public required Array3 EvalRatesHeldin { get; init; }

    /// <summary><c>eval_rates_heldout</c>.</summary>
    public required Array3 EvalRatesHeldout { get; init; }

    /// <summary><c>eval_rates_heldin_forward</c> (optional, together with the held-out one).</summary>
    public Array3? EvalRatesHeldinForward { get; init; }

    /// <summary><c>eval_rates_heldout_forward</c> (optional, together with the held-in one).</summary>
    public Array3? EvalRatesHeldoutForward { get; init; }

    internal static NlbDatasetRates Read(Hdf5Reader reader, string group)
    {
        string Key(string name) => $"{group}/{name}";
        // Rates are expected counts per bin; a boolean array (h5py writes numpy bools as an enum) would read as 0/1.
        foreach (string name in new[] { K.TrainRatesHeldin, K.TrainRatesHeldout, K.EvalRatesHeldin, K.EvalRatesHeldout, K.EvalRatesHeldinForward, K.EvalRatesHeldoutForward })
            if (reader.Exists(Key(name)) && reader.DtypeOf(Key(name)) == "bool")
                throw reader.Error(Key(name), "holds booleans (dtype bool): rates are expected spike counts per bin, as floats");
        Array3? Optional(string name) => reader.Exists(Key(name)) ? reader.ReadArray3(Key(name)) : null;
        var rates = new NlbDatasetRates
        {
            TrainRatesHeldin = reader.ReadArray3(Key(K.TrainRatesHeldin)),
            TrainRatesHeldout = reader.ReadArray3(Key(K.TrainRatesHeldout)),
            EvalRatesHeldin = reader.ReadArray3(Key(K.EvalRatesHeldin)),
            EvalRatesHeldout = reader.ReadArray3(Key(K.EvalRatesHeldout)),
            EvalRatesHeldinForward = Optional(K.EvalRatesHeldinForward),
            EvalRatesHeldoutForward = Optional(K.EvalRatesHeldoutForward),
        };
        rates.Validate(reader.FilePath, group);
        return rates;
    }

    internal void AddTo(NlbFileWriter writer, string group)
    {
        string Key(string name) => $"{group}/{name}";
        writer.AddFloat32(Key(K.TrainRatesHeldin), TrainRatesHeldin)
            .AddFloat32(Key(K.TrainRatesHeldout), TrainRatesHeldout)
            .AddFloat32(Key(K.EvalRatesHeldin), EvalRatesHeldin)
            .AddFloat32(Key(K.EvalRatesHeldout), EvalRatesHeldout);
        if (EvalRatesHeldinForward is not null) writer.AddFloat32(Key(K.EvalRatesHeldinForward), EvalRatesHeldinForward);
        if (EvalRatesHeldoutForward is not null) writer.AddFloat32(Key(K.EvalRatesHeldoutForward), EvalRatesHeldoutForward);
    }

    /// <summary>Throws <see cref="NlbFileException"/> when a required array is missing or related shapes disagree.</summary>
    public void Validate(string file, string group)
    {
        var check = new NlbShapeChecks(file, Hdf5Reader.Normalize(group));
        if (TrainRatesHeldin is null) throw check.Missing(K.TrainRatesHeldin);
        if (TrainRatesHeldout is null) throw check.Missing(K.TrainRatesHeldout);
        if (EvalRatesHeldin is null) throw check.Missing(K.EvalRatesHeldin);
        if (EvalRatesHeldout is null) throw check.Missing(K.EvalRatesHeldout);
        check.SameTrialsAndTime(K.TrainRatesHeldout, TrainRatesHeldout, K.TrainRatesHeldin, TrainRatesHeldin);
        check.SameTrialsAndTime(K.EvalRatesHeldout, EvalRatesHeldout, K.EvalRatesHeldin, EvalRatesHeldin);
        check.SameChannels(K.EvalRatesHeldin, EvalRatesHeldin, K.TrainRatesHeldin, TrainRatesHeldin);
        check.SameChannels(K.EvalRatesHeldout, EvalRatesHeldout, K.TrainRatesHeldout, TrainRatesHeldout);
        check.BothOrNeither(K.EvalRatesHeldinForward, EvalRatesHeldinForward, K.EvalRatesHeldoutForward, EvalRatesHeldoutForward);
        check.SameTrials(K.EvalRatesHeldinForward, EvalRatesHeldinForward, K.EvalRatesHeldin, EvalRatesHeldin);
        check.SameChannels(K.EvalRatesHeldinForward, EvalRatesHeldinForward, K.EvalRatesHeldin, EvalRatesHeldin);
        check.SameTrialsAndTime(K.EvalRatesHeldoutForward, EvalRatesHeldoutForward, K.EvalRatesHeldinForward, EvalRatesHeldinForward);
        check.SameChannels(K.EvalRatesHeldoutForward, EvalRatesHeldoutForward, K.EvalRatesHeldout, EvalRatesHeldout);
    }
}
