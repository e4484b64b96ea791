namespace Blend.Data;

/// <summary>The train, validation and eval blocks of a dataset cut from one continuous recording, in time order.</summary>
public sealed record DatasetSplits(DatasetSplit Train, DatasetSplit Validation, DatasetSplit Eval)
{
    public const string TrainName = "train";
    public const string ValidationName = "validation";
    public const string EvalName = "eval";

    public IEnumerable<(string Name, DatasetSplit Split)> Named() =>
        [(TrainName, Train), (ValidationName, Validation), (EvalName, Eval)];
}
