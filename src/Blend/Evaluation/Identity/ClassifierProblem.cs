using Blend.Data;

namespace Blend.Evaluation.Identity;

/// <summary>
/// One classifier fit: training rows and labels, validation rows and labels (for model selection), and the rows to
/// predict. Labels are 0 … <see cref="Classes"/> − 1; every matrix has the same feature columns.
/// </summary>
public sealed class ClassifierProblem
{
    /// <summary>
    /// A problem of at least 2 <paramref name="classes"/> and one training row; labels must lie in 0 … classes − 1 and
    /// every matrix must have the training rows' feature width.
    /// </summary>
    public ClassifierProblem(RowMatrix train, IReadOnlyList<int> trainLabels, RowMatrix validation,
        IReadOnlyList<int> validationLabels, RowMatrix test, int classes)
    {
        if (classes < 2) throw new MetricInputException($"classifier: need at least 2 classes, got {classes}");
        if (train.Rows == 0) throw new MetricInputException("classifier: no training samples");
        if (train.Rows != trainLabels.Count || validation.Rows != validationLabels.Count)
            throw new MetricInputException(
                $"classifier: train {train.ShapeText} with {trainLabels.Count} labels, validation {validation.ShapeText} with {validationLabels.Count} labels");
        if (validation.Cols != train.Cols || test.Cols != train.Cols)
            throw new MetricInputException(
                $"classifier: feature widths differ: train {train.ShapeText}, validation {validation.ShapeText}, test {test.ShapeText}");
        foreach (int label in trainLabels.Concat(validationLabels))
            if (label < 0 || label >= classes)
                throw new MetricInputException($"classifier: label {label} outside 0…{classes - 1}");
        Train = train;
        TrainLabels = trainLabels;
        Validation = validation;
        ValidationLabels = validationLabels;
        Test = test;
        Classes = classes;
    }

    /// <summary>Training rows (samples × features).</summary>
    public RowMatrix Train { get; }
    /// <summary>One label per training row.</summary>
    public IReadOnlyList<int> TrainLabels { get; }
    /// <summary>Validation rows for model selection (samples × features; may be empty).</summary>
    public RowMatrix Validation { get; }
    /// <summary>One label per validation row.</summary>
    public IReadOnlyList<int> ValidationLabels { get; }
    /// <summary>Rows to predict (samples × features); their labels are not given.</summary>
    public RowMatrix Test { get; }
    /// <summary>Number of labels of the task (labels are 0 … Classes − 1), whether or not each occurs in training.</summary>
    public int Classes { get; }
    /// <summary>Feature columns of every matrix.</summary>
    public int Features => Train.Cols;
}
