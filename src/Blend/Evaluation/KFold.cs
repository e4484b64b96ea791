namespace Blend.Evaluation;

/// <summary>
/// sklearn's KFold(n_splits) without shuffling, which GridSearchCV uses for regressors: contiguous test blocks in
/// order, n // k rows each, the first n % k blocks one row longer. Each split trains on all other rows.
/// </summary>
public static class KFold
{
    /// <summary>
    /// The [Start, End) row range of each of <paramref name="folds"/> test blocks over <paramref name="samples"/> rows;
    /// fails when there are fewer samples than folds, as sklearn does.
    /// </summary>
    public static (int Start, int End)[] TestBlocks(int samples, int folds = 5)
    {
        if (folds < 2)
            throw new MetricInputException($"KFold needs at least 2 splits, got {folds}");
        if (samples < folds)
            throw new MetricInputException(
                $"Cannot have number of splits n_splits={folds} greater than the number of samples: n_samples={samples}");
        var blocks = new (int Start, int End)[folds];
        int start = 0;
        for (int fold = 0; fold < folds; fold++)
        {
            int size = samples / folds + (fold < samples % folds ? 1 : 0);
            blocks[fold] = (start, start + size);
            start += size;
        }
        return blocks;
    }
}
