using Blend.Data;

namespace Blend.Evaluation.Identity;

/// <summary>
/// One classifier fit: training rows and labels, validation rows and labels (for model selection), and the rows to
/// predict. Labels are 0 … <see cref="Classes"/> − 1; every matrix has the same feature columns.
/// </summary>
public sealed class ClassifierProblem
{
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

    public RowMatrix Train { get; }
    public IReadOnlyList<int> TrainLabels { get; }
    public RowMatrix Validation { get; }
    public IReadOnlyList<int> ValidationLabels { get; }
    public RowMatrix Test { get; }
    public int Classes { get; }
    public int Features => Train.Cols;
}
