using Blend.Data;
using Blend.Evaluation.Identity;
using Blend.Tests.Training;
using TorchSharp;

namespace Blend.Tests.Evaluation.Identity;

[Collection(TorchTrainingCollection.Name)]
public class TorchClassifierTests
{
    /// <summary>Settings that train the toy problems in well under a second.</summary>
    private static readonly TorchClassifierOptions Fast = new() { Epochs = 150, LearningRate = 1e-2, Hidden = 32, StepSize = 100 };

    private static readonly double[] Scale = Enumerable.Repeat(1.0, 6).ToArray();
    private static readonly double[][] Offsets =
    [
        [2.5, 0, 0, 0, 0, 0],
        [-2.5, 2.5, 0, 0, 0, 0],
        [0, -2.5, 2.5, 0, 0, 0],
    ];

    private static int[] Labels(int rows, int classes) => Enumerable.Range(0, rows).Select(i => i % classes).ToArray();

    /// <summary>Three classes at least 3.5 apart in noise of half-width 1: separable with a wide margin.</summary>
    private static (ClassifierProblem Problem, int[] TestLabels) Separable(int[]? validationLabels = null)
    {
        var train = Labels(90, 3);
        var validation = Labels(30, 3);
        var test = Labels(30, 3);
        var problem = new ClassifierProblem(
            IdentityTestData.Matrix(90, Scale, Offsets, train, 1), train,
            IdentityTestData.Matrix(30, Scale, Offsets, validation, 2), validationLabels ?? validation,
            IdentityTestData.Matrix(30, Scale, Offsets, test, 3), 3);
        return (problem, test);
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("mlp")]
    public void LearnsASeparableProblem(string name)
    {
        var (problem, truth) = Separable();
        var classifier = name == "mlp" ? TorchClassifier.Mlp(Fast) : TorchClassifier.Linear(Fast);
        Assert.Equal(name, classifier.Name);
        var fit = classifier.FitPredict(problem, seed: 1);
        Assert.Equal(truth, fit.Predicted);
        Assert.InRange(fit.SelectedEpoch!.Value, 0, Fast.Epochs - 1);
    }

    [Fact]
    public void TheSameSeedGivesTheSameFit()
    {
        var (problem, _) = Separable();
        var options = Fast with { Epochs = 30 };
        var first = TorchClassifier.Mlp(options).FitPredict(problem, seed: 4);
        var again = TorchClassifier.Mlp(options).FitPredict(problem, seed: 4);
        Assert.Equal(first.Predicted, again.Predicted);
        Assert.Equal(first.SelectedEpoch, again.SelectedEpoch);
    }

    [Fact]
    public void BestValidationSelectsTheEpochWhoseWeightsItPredictsWith()
    {
        // Validation labels disagree with training (each row labelled as the next class): the longer the fit, the
        // worse validation gets, so the best epoch is early and its predictions are not the trained rule's.
        var (problem, truth) = Separable(Labels(30, 3).Select(l => (l + 1) % 3).ToArray());
        var best = TorchClassifier.Linear(Fast).FitPredict(problem, seed: 2);
        var last = TorchClassifier.Linear(Fast with { Selection = ModelSelection.Last }).FitPredict(problem, seed: 2);
        Assert.Equal(Fast.Epochs - 1, last.SelectedEpoch);
        Assert.Equal(truth, last.Predicted);
        Assert.InRange(best.SelectedEpoch!.Value, 0, 20);
        Assert.NotEqual(truth, best.Predicted);
        // Training stops there: a run of selected + 1 epochs ending on the last one predicts the same.
        var stopped = TorchClassifier.Linear(Fast with { Epochs = best.SelectedEpoch.Value + 1, Selection = ModelSelection.Last })
            .FitPredict(problem, seed: 2);
        Assert.Equal(best.Predicted, stopped.Predicted);
    }

    [Fact]
    public void ValidatingEveryKEpochsSelectsOnlyAmongThoseEpochs()
    {
        var (problem, _) = Separable(Labels(30, 3).Select(l => (l + 1) % 3).ToArray());
        var fit = TorchClassifier.Linear(Fast with { ValidateEvery = 10 }).FitPredict(problem, seed: 2);
        Assert.Equal(9, fit.SelectedEpoch! % 10);
    }

    [Fact]
    public void ClassWeightsMakeTheMinorityClassPredictedMoreOften()
    {
        // Overlapping classes, 9 : 1 in training: plain cross-entropy favours the majority.
        var offsets = new[] { new[] { 0.0, 0, 0, 0, 0, 0 }, new[] { 0.8, 0.8, 0, 0, 0, 0 } };
        var train = Enumerable.Range(0, 200).Select(i => i % 10 == 0 ? 1 : 0).ToArray();
        var test = Labels(100, 2);
        var problem = new ClassifierProblem(IdentityTestData.Matrix(200, Scale, offsets, train, 5), train,
            new RowMatrix(0, 6), [], IdentityTestData.Matrix(100, Scale, offsets, test, 6), 2);
        var options = Fast with { Epochs = 200 };
        int plain = TorchClassifier.Linear(options).FitPredict(problem, seed: 3).Predicted.Count(p => p == 1);
        int weighted = TorchClassifier.Linear(options with { ClassWeighted = true }).FitPredict(problem, seed: 3).Predicted.Count(p => p == 1);
        Assert.True(weighted > plain + 10, $"minority predictions: {weighted} weighted vs {plain} plain");
    }

    [Fact]
    public void AFitLeavesNoTensorsBehind()
    {
        var (problem, _) = Separable();
        TorchClassifier.Mlp(Fast with { Epochs = 5 }).FitPredict(problem, seed: 1); // warm-up: lazily created globals
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        TorchClassifier.Mlp(Fast with { Epochs = 20 }).FitPredict(problem, seed: 1);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void BadOptionsAreRefused()
    {
        Assert.Throws<BlendInputException>(() => TorchClassifier.Mlp(new TorchClassifierOptions { Epochs = 0 }));
        Assert.Throws<BlendInputException>(() => TorchClassifier.Linear(new TorchClassifierOptions { LearningRate = -1 }));
        Assert.Throws<BlendInputException>(() => TorchClassifier.Linear(new TorchClassifierOptions { ValidateEvery = 0 }));
    }
}
