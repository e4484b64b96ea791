namespace Blend.Data;

/// <summary>The NLB files of a dataset folder, relative to the folder that holds <c>dataset.json</c>.</summary>
public sealed record DatasetFiles
{
    /// <summary>The train input file (train and validation trials); default <c>train_input.h5</c>.</summary>
    public string TrainInput { get; init; } = "train_input.h5";
    /// <summary>The eval input file (eval trials' held-in spikes); default <c>eval_input.h5</c>.</summary>
    public string EvalInput { get; init; } = "eval_input.h5";
    /// <summary>The eval target file (the answers for scoring); default <c>eval_target.h5</c>.</summary>
    public string EvalTarget { get; init; } = "eval_target.h5";
}
