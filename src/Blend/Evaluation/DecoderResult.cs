namespace Blend.Evaluation;

/// <summary>One fitted velocity decoder (one decode mask): its eval R², the model and, with grid search, the search.</summary>
/// <param name="R2">R² of the decoded behavior on the eval rows (sklearn's <c>r2_score</c>, uniform average over behavior channels).</param>
/// <param name="Model">The ridge decoder from rates to behavior, fitted on the training rows with the chosen (or fixed) α.</param>
/// <param name="Search">The α grid search (5-fold GridSearchCV); null without grid search (fixed α = 1e-2, as nlb_tools).</param>
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
