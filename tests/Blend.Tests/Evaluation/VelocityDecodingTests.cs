using Blend.Data;
using Blend.Evaluation;

namespace Blend.Tests.Evaluation;

public class VelocityDecodingTests
{
    private static Array3 AsTrials(RowMatrix m, int time) => new(m.Rows / time, time, m.Cols, (double[])m.Values.Clone());

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RowsWithNaNBehaviorAreDropped(bool gridSearch)
    {
        var (trainX, trainY) = RidgeTestData.Random(120, 5, 2, seed: 21);
        var (evalX, evalY) = RidgeTestData.Random(60, 5, 2, seed: 22);
        int[] trainDropped = [0, 7, 8, 50, 119], evalDropped = [3, 30];
        var expected = VelocityDecoding.FitAndEvalDecoder(
            trainX.SelectRows(Keep(120, trainDropped)), trainY.SelectRows(Keep(120, trainDropped)),
            evalX.SelectRows(Keep(60, evalDropped)), evalY.SelectRows(Keep(60, evalDropped)), gridSearch);
        foreach (int row in trainDropped)
        {
            trainY[row, 0] = double.NaN;
            trainX[row, 1] = double.NaN; // unscored rows may hold NaN rates
        }
        foreach (int row in evalDropped)
        {
            evalY[row, 0] = double.NaN;
            evalX[row, 4] = double.NaN;
        }
        Assert.Equal(expected, VelocityDecoding.FitAndEvalDecoder(trainX, trainY, evalX, evalY, gridSearch));
    }

    [Fact]
    public void NaNRatesInScoredRowsThrow()
    {
        var (trainX, trainY) = RidgeTestData.Random(50, 4, 2, seed: 1);
        var (evalX, evalY) = RidgeTestData.Random(20, 4, 2, seed: 2);
        evalX[13, 3] = double.NaN;
        var error = Assert.Throws<MetricInputException>(() =>
            VelocityDecoding.FitAndEvalDecoder(trainX, trainY, evalX, evalY));
        Assert.Contains("NaN", error.Message);
        Assert.Contains("row 13, column 3", error.Message);
    }

    [Fact]
    public void NaNInAnotherBehaviorColumnOfAScoredRowThrows()
    {
        var (trainX, trainY) = RidgeTestData.Random(50, 4, 2, seed: 1);
        var (evalX, evalY) = RidgeTestData.Random(20, 4, 2, seed: 2);
        trainY[5, 1] = double.NaN;
        Assert.Throws<MetricInputException>(() => VelocityDecoding.FitAndEvalDecoder(trainX, trainY, evalX, evalY));
    }

    [Fact]
    public void ShapeMismatchesNameTheShapes()
    {
        var (trainX, trainY) = RidgeTestData.Random(50, 4, 2, seed: 1);
        var (evalX, evalY) = RidgeTestData.Random(20, 3, 2, seed: 2);
        var error = Assert.Throws<MetricInputException>(() => VelocityDecoding.FitAndEvalDecoder(trainX, trainY, evalX, evalY));
        Assert.Contains("(50, 4)", error.Message);
        Assert.Contains("(20, 3)", error.Message);

        var rates = new Array3(4, 5, 3);
        var behavior = new Array3(4, 6, 2);
        error = Assert.Throws<MetricInputException>(() =>
            VelocityDecoding.Evaluate(rates, behavior, null, rates, behavior, null));
        Assert.Contains("(4, 5, 3)", error.Message);
        Assert.Contains("(4, 6, 2)", error.Message);
    }

    [Fact]
    public void MissingMasksMeanOneAllTrueMask()
    {
        var (trainX, trainY) = RidgeTestData.Random(120, 5, 2, seed: 31);
        var (evalX, evalY) = RidgeTestData.Random(40, 5, 2, seed: 32);
        Array3 tr = AsTrials(trainX, 10), tb = AsTrials(trainY, 10), er = AsTrials(evalX, 10), eb = AsTrials(evalY, 10);
        var allTrain = new bool[12, 1];
        var allEval = new bool[4, 1];
        for (int i = 0; i < 12; i++) allTrain[i, 0] = true;
        for (int i = 0; i < 4; i++) allEval[i, 0] = true;
        Assert.Equal(VelocityDecoding.Evaluate(tr, tb, allTrain, er, eb, allEval),
            VelocityDecoding.Evaluate(tr, tb, null, er, eb, null));
    }

    [Fact]
    public void EachMaskFitsItsOwnDecoderAndTheR2sAreAveraged()
    {
        var (trainX, trainY) = RidgeTestData.Random(160, 5, 2, seed: 41);
        var (evalX, evalY) = RidgeTestData.Random(80, 5, 2, seed: 42);
        Array3 tr = AsTrials(trainX, 10), tb = AsTrials(trainY, 10), er = AsTrials(evalX, 10), eb = AsTrials(evalY, 10);
        var trainMask = new bool[16, 2];
        var evalMask = new bool[8, 2];
        for (int i = 0; i < 16; i++) trainMask[i, i % 2] = true;
        for (int i = 0; i < 8; i++) evalMask[i, i < 4 ? 0 : 1] = true;

        double Part(int column)
        {
            bool[] tk = Enumerable.Range(0, 16).Select(i => trainMask[i, column]).ToArray();
            bool[] ek = Enumerable.Range(0, 8).Select(i => evalMask[i, column]).ToArray();
            return VelocityDecoding.FitAndEvalDecoder(RowMatrix.FromArray3(tr.SelectTrials(tk)),
                RowMatrix.FromArray3(tb.SelectTrials(tk)), RowMatrix.FromArray3(er.SelectTrials(ek)),
                RowMatrix.FromArray3(eb.SelectTrials(ek)));
        }

        Assert.Equal((Part(0) + Part(1)) / 2, VelocityDecoding.Evaluate(tr, tb, trainMask, er, eb, evalMask));
    }

    private static bool[] Keep(int rows, int[] dropped) =>
        Enumerable.Range(0, rows).Select(r => !dropped.Contains(r)).ToArray();
}
