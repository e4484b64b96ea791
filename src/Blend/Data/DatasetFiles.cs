namespace Blend.Data;

/// <summary>The NLB files of a dataset folder, relative to the folder that holds <c>dataset.json</c>.</summary>
public sealed record DatasetFiles
{
    public string TrainInput { get; init; } = "train_input.h5";
    public string EvalInput { get; init; } = "eval_input.h5";
    public string EvalTarget { get; init; } = "eval_target.h5";
}
