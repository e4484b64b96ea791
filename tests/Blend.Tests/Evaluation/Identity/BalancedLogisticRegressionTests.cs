using Blend.Data;
using Blend.Evaluation;
using Blend.Evaluation.Identity;

namespace Blend.Tests.Evaluation.Identity;

/// <summary>
/// Expected values from scikit-learn 1.2.1, make_pipeline(StandardScaler(), LogisticRegression(class_weight='balanced',
/// tol=1e-12, max_iter=100000)) (tools/identity_classifier_expected.py); the default tol gives the same predictions.
/// lbfgs stops on its ftol with gradients of ~1e-5, so its coefficients are checked to 1e-4, and to 1e-10 against the
/// script's Newton polish of the same solution (the exact optimum both aim at).
/// </summary>
public class BalancedLogisticRegressionTests
{
    private static readonly double[] Scale = [1.0, 10.0, 0.1];
    private static readonly double[][] Offsets = [[0.0, 0.0, 0.0], [1.0, -5.0, 0.02], [-0.5, 4.0, 0.05]];

    private static (RowMatrix Train, int[] Labels, RowMatrix Test) Data(int classes, int rows, Func<int, int> label)
    {
        var labels = Enumerable.Range(0, rows).Select(label).ToArray();
        var testLabels = Enumerable.Range(0, 20).Select(label).ToArray();
        return (IdentityTestData.Matrix(rows, Scale, Offsets, labels, 21 + classes), labels,
            IdentityTestData.Matrix(20, Scale, Offsets, testLabels, 31 + classes));
    }

    [Fact]
    public void MultinomialFitMatchesScikitLearn()
    {
        var (train, labels, test) = Data(3, 60, i => new[] { 0, 0, 0, 1, 1, 2 }[i % 6]);
        var model = BalancedLogisticRegression.Fit(train, labels);
        double[] scikitLearn =
        [
            -0.399309369905798, -0.021369777166330456, -0.4053940778646719, 1.7394926058962925, -0.9677268188049885,
            -0.3422864789345675, -1.3401832359904946, 0.9890965959713193, 0.7476805567992392,
        ];
        double[] exact =
        [
            -0.39931577597372087, -0.02137621877711245, -0.40539185062544475, 1.73949499659147, -0.9677235359780944,
            -0.3422857030820459, -1.3401792206177527, 0.9890997547552087, 0.7476775537074923,
        ];
        AssertClose(scikitLearn, model.Coefficients, 1e-4);
        AssertClose([0.8740915154157132, -0.03303723156915621, -0.8410542838465562], model.Intercepts, 1e-4);
        AssertClose(exact, model.Coefficients, 1e-10);
        AssertClose([0.874090563025107, -0.033036258398573076, -0.841054304626534], model.Intercepts, 1e-10);
        Assert.Equal([0, 1, 2], model.Classes);
        Assert.Equal([0, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 0, 2, 1, 1, 0, 0, 2], model.Predict(test));
        double[] decision =
        [
            1.2502206181260176, -1.302972071161658, 0.05275145303564088, 0.47246135628949043, 0.6855018350999973,
            -1.157963191389487, 1.1251921009541856, -3.539941257837439, 2.414749156883255,
        ];
        AssertClose(decision, model.Decision(test).Values.Take(9).ToArray(), 1e-4);
    }

    [Fact]
    public void TwoClassesFitOneBinaryLogitAsScikitLearnDoes()
    {
        var (train, labels, test) = Data(2, 50, i => i % 10 is 3 or 7 or 9 ? 1 : 0);
        var model = BalancedLogisticRegression.Fit(train, labels);
        AssertClose([1.421433189089712, -0.7268598496262035, 0.16071903105890517], model.Coefficients, 1e-4);
        AssertClose([-0.5459853225221255], model.Intercepts, 1e-4);
        AssertClose([1.4214348320728083, -0.7268604062567829, 0.16072084808894635], model.Coefficients, 1e-10);
        AssertClose([-0.5459849901471912], model.Intercepts, 1e-10);
        Assert.Equal([0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1], model.Predict(test));
        AssertClose([-0.8615321975013763, -0.2863179222059859, -0.6055475529311025], model.Decision(test).Values.Take(3).ToArray(), 1e-4);
    }

    [Fact]
    public void LabelsAbsentFromTrainingAreNeverPredictedAndTheOthersKeepTheirNumbers()
    {
        // Classes 1 and 3 of 0…3: a binary model whose predictions are 1 or 3.
        var (train, labels, test) = Data(2, 50, i => i % 10 is 3 or 7 or 9 ? 1 : 0);
        var renamed = labels.Select(l => l == 1 ? 3 : 1).ToArray();
        var fit = new LogisticClassifier().FitPredict(new ClassifierProblem(train, renamed, new RowMatrix(0, 3), [], test, 4), seed: 0);
        Assert.Equal([1, 1, 1, 3, 1, 3, 1, 3, 1, 3, 1, 1, 1, 3, 1, 1, 1, 3, 1, 3], fit.Predicted);
    }

    [Fact]
    public void ConstantColumnsScaleToZeroAndOneClassIsRefused()
    {
        var x = new RowMatrix(4, 2, [1, 3, 2, 3, 3, 3, 4, 3]);
        var scaler = StandardScaler.Fit(x);
        Assert.Equal(1.0, scaler.Scale[1]);
        Assert.All(Enumerable.Range(0, 4), row => Assert.Equal(0.0, scaler.Transform(x)[row, 1]));
        Assert.Equal(Math.Sqrt(1.25), scaler.Scale[0], 15);
        Assert.Throws<MetricInputException>(() => BalancedLogisticRegression.Fit(x, [2, 2, 2, 2]));
        x[0, 0] = double.NaN;
        Assert.Throws<MetricInputException>(() => BalancedLogisticRegression.Fit(x, [0, 1, 0, 1]));
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"entry {i}: expected {expected[i]}, got {actual[i]}");
    }
}
