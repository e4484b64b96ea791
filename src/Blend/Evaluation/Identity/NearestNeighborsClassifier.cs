using Blend.Data;

namespace Blend.Evaluation.Identity;

/// <summary>
/// scikit-learn's <c>KNeighborsClassifier(n_neighbors=k)</c> with its defaults (uniform weights, Euclidean distance,
/// brute force): each test row takes the majority label of its k nearest training rows, a tied vote going to the
/// smallest label (scipy's mode). Validation rows are not used. Neighbours at exactly equal distance are taken in
/// training-row order; scikit-learn's choice among exact ties is an artefact of its partial sort.
/// </summary>
public sealed class NearestNeighborsClassifier(int neighbors = NearestNeighborsClassifier.ReferenceNeighbors) : IIdentityClassifier
{
    /// <summary>The reference's <c>knn_k</c>.</summary>
    public const int ReferenceNeighbors = 5;

    /// <summary><c>knn</c>.</summary>
    public string Name => "knn";

    /// <summary>k, the training rows that vote on each test row (at least 1; default 5, the reference's).</summary>
    public int Neighbors { get; } = neighbors >= 1
        ? neighbors
        : throw new MetricInputException($"knn: need at least 1 neighbour, got {neighbors}");

    /// <summary>Predicts the test rows from the training rows (no fitting; the seed and validation rows are not used).</summary>
    public ClassifierFit FitPredict(ClassifierProblem problem, int seed) =>
        new(Predict(problem.Train, problem.TrainLabels, problem.Test, problem.Classes, Neighbors));

    /// <summary>
    /// The majority label (0 … <paramref name="classes"/> − 1) of each <paramref name="test"/> row's
    /// <paramref name="neighbors"/> nearest <paramref name="train"/> rows by Euclidean distance; ties go to the smaller label.
    /// </summary>
    public static int[] Predict(RowMatrix train, IReadOnlyList<int> labels, RowMatrix test, int classes, int neighbors)
    {
        if (train.Rows < neighbors)
            throw new MetricInputException($"knn: {neighbors} neighbours requested but only {train.Rows} training samples");
        var predicted = new int[test.Rows];
        Parallel.For(0, test.Rows, row =>
        {
            var nearest = Nearest(train, test.Row(row), neighbors);
            var votes = new int[classes];
            foreach (int neighbor in nearest) votes[labels[neighbor]]++;
            int best = 0;
            for (int c = 1; c < classes; c++) if (votes[c] > votes[best]) best = c;
            predicted[row] = best;
        });
        return predicted;
    }

    /// <summary>The k training rows nearest to <paramref name="query"/>, ordered by (distance, row).</summary>
    internal static int[] Nearest(RowMatrix train, ReadOnlySpan<double> query, int k)
    {
        // An insertion-sorted list of the k best so far; a later row only enters when strictly nearer (stable ties).
        var rows = new int[k];
        var distances = new double[k];
        int filled = 0;
        for (int row = 0; row < train.Rows; row++)
        {
            ReadOnlySpan<double> x = train.Row(row);
            double d = 0;
            for (int j = 0; j < x.Length; j++) d += (x[j] - query[j]) * (x[j] - query[j]);
            if (filled == k && !(d < distances[k - 1])) continue;
            int at = filled < k ? filled++ : k - 1;
            while (at > 0 && d < distances[at - 1])
            {
                distances[at] = distances[at - 1];
                rows[at] = rows[at - 1];
                at--;
            }
            distances[at] = d;
            rows[at] = row;
        }
        return rows;
    }
}
