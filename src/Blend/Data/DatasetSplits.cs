namespace Blend.Data;

/// <summary>The train, validation and eval blocks of a dataset cut from one continuous recording, in time order.</summary>
public sealed record DatasetSplits(DatasetSplit Train, DatasetSplit Validation, DatasetSplit Eval)
{
    /// <summary>Name (and JSON key) of the train block.</summary>
    public const string TrainName = "train";
    /// <summary>Name (and JSON key) of the validation block.</summary>
    public const string ValidationName = "validation";
    /// <summary>Name (and JSON key) of the eval block.</summary>
    public const string EvalName = "eval";

    /// <summary>The three blocks with their names, in time order (train, validation, eval).</summary>
    public IEnumerable<(string Name, DatasetSplit Split)> Named() =>
        [(TrainName, Train), (ValidationName, Validation), (EvalName, Eval)];
}
