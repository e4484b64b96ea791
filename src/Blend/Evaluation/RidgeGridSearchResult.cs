namespace Blend.Evaluation;

/// <summary>
/// Outcome of GridSearchCV(Ridge(), {"alpha": alphas}) with k-fold cross-validation: the refitted best model, each
/// alpha's test score per fold and mean, and where the time went.
/// </summary>
/// <param name="BestModel">The ridge model refitted on all rows with the best alpha (sklearn's <c>best_estimator_</c>).</param>
/// <param name="Alphas">The penalties searched, in grid order.</param>
/// <param name="FoldScores">R² (uniform over outputs) on each test fold, alphas × folds.</param>
/// <param name="MeanScores">Mean over folds per alpha (sklearn's mean_test_score).</param>
/// <param name="BestIndex">First alpha with the highest mean score (sklearn's rank 1, ties to the earlier).</param>
/// <param name="Times">Where the search's time went, by phase.</param>
public sealed record RidgeGridSearchResult(
    RidgeModel BestModel,
    IReadOnlyList<double> Alphas,
    double[,] FoldScores,
    double[] MeanScores,
    int BestIndex,
    RidgePhaseTimes Times);

/// <param name="Statistics">Shift and the per-fold Gram / cross-product pass over the data.</param>
/// <param name="Solves">Centring and Cholesky solves for every fold and alpha, plus the refit.</param>
/// <param name="Scoring">Predicting every test fold for all alphas and summing squared residuals.</param>
public sealed record RidgePhaseTimes(TimeSpan Statistics, TimeSpan Solves, TimeSpan Scoring)
{
    /// <summary>The time of the three phases together.</summary>
    public TimeSpan Total => Statistics + Solves + Scoring;
}
