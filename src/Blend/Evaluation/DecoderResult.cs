namespace Blend.Evaluation;

/// <summary>One fitted velocity decoder (one decode mask): its eval R², the model and, with grid search, the search.</summary>
/// <param name="TrainRows">Training rows after dropping NaN-behavior rows.</param>
/// <param name="EvalRows">Eval rows after dropping NaN-behavior rows.</param>
/// <param name="EvalScoring">Time spent predicting and scoring the eval rows.</param>
public sealed record DecoderResult(
    double R2,
    RidgeModel Model,
    RidgeGridSearchResult? Search,
    int TrainRows,
    int EvalRows,
    TimeSpan EvalScoring);
