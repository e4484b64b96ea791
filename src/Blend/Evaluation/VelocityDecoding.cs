using System.Diagnostics;
using System.Numerics;
using Blend.Data;

namespace Blend.Evaluation;

/// <summary>
/// nlb_tools' velocity_decoding and fit_and_eval_decoder: a ridge decoder from rates (train split) to behavior, fitted
/// per decode mask (groups of trials sharing a decoder) and scored by R² on the eval split; the masks' R²s are averaged.
/// </summary>
public static class VelocityDecoding
{
    /// <summary>
    /// velocity_decoding(...): mean over decode-mask columns of fit_and_eval_decoder on the masked trials, flattened to
    /// (trials·time) rows. Null masks mean one all-true mask (the target file has none).
    /// </summary>
    /// <param name="trainRates">Predicted rates of the train split, trials × time × neurons (held-in then held-out).</param>
    /// <param name="trainBehavior">Behavior of the train split (e.g. hand velocity), trials × time × channels; bins whose channel 0 is NaN are dropped.</param>
    /// <param name="trainDecodeMask">trials × masks.</param>
    /// <param name="evalRates">Predicted rates of the eval split, trials × time × neurons (the same neurons).</param>
    /// <param name="evalBehavior">True behavior of the eval split, trials × time × channels, that the decoder is scored against.</param>
    /// <param name="evalDecodeMask">trials × masks, the same mask columns as <paramref name="trainDecodeMask"/>; null exactly when it is.</param>
    /// <param name="gridSearch">Choose α by 5-fold GridSearchCV over logspace(−4, 0, 9) (nlb_tools' default); false fits Ridge(alpha=1e-2).</param>
    public static double Evaluate(
        Array3 trainRates, Array3 trainBehavior, bool[,]? trainDecodeMask,
        Array3 evalRates, Array3 evalBehavior, bool[,]? evalDecodeMask, bool gridSearch = true)
    {
        var fits = EvaluatePerMask(trainRates, trainBehavior, trainDecodeMask, evalRates, evalBehavior, evalDecodeMask,
            gridSearch);
        return NumpySum.Mean(fits.Select(fit => fit.R2).ToArray());
    }

    /// <summary><see cref="Evaluate"/> with the decoder of every mask column.</summary>
    public static IReadOnlyList<DecoderResult> EvaluatePerMask(
        Array3 trainRates, Array3 trainBehavior, bool[,]? trainDecodeMask,
        Array3 evalRates, Array3 evalBehavior, bool[,]? evalDecodeMask, bool gridSearch = true)
    {
        RequireSameTrials(trainRates, trainBehavior, "train");
        RequireSameTrials(evalRates, evalBehavior, "eval");
        if ((trainDecodeMask is null) != (evalDecodeMask is null))
            throw new MetricInputException("velocity_decoding: give both train and eval decode masks, or neither");
        trainDecodeMask ??= AllTrue(trainRates.Trials);
        evalDecodeMask ??= AllTrue(evalRates.Trials);
        if (trainDecodeMask.GetLength(0) != trainRates.Trials || evalDecodeMask.GetLength(0) != evalRates.Trials)
            throw new MetricInputException(
                $"velocity_decoding: decode masks ({trainDecodeMask.GetLength(0)}, {trainDecodeMask.GetLength(1)}) and ({evalDecodeMask.GetLength(0)}, {evalDecodeMask.GetLength(1)}) must have one row per trial; train rates {trainRates.ShapeText}, eval rates {evalRates.ShapeText}");
        if (trainDecodeMask.GetLength(1) != evalDecodeMask.GetLength(1))
            throw new MetricInputException(
                $"velocity_decoding: train decode mask has {trainDecodeMask.GetLength(1)} columns, eval decode mask {evalDecodeMask.GetLength(1)}");

        var results = new List<DecoderResult>();
        for (int mask = 0; mask < trainDecodeMask.GetLength(1); mask++)
        {
            var trainKeep = Column(trainDecodeMask, mask);
            var evalKeep = Column(evalDecodeMask, mask);
            results.Add(FitAndEvalDecoderDetailed(
                Flatten(trainRates, trainKeep), Flatten(trainBehavior, trainKeep),
                Flatten(evalRates, evalKeep), Flatten(evalBehavior, evalKeep), gridSearch));
        }
        return results;
    }

    /// <summary>
    /// fit_and_eval_decoder(...): drops rows whose behavior column 0 is NaN (train and eval separately), requires the
    /// remaining rates to be NaN-free, fits GridSearchCV(Ridge(), alpha ∈ logspace(-4, 0, 9)) or Ridge(alpha=1e-2),
    /// and returns the R² (uniform over outputs) on the eval rows.
    /// </summary>
    public static double FitAndEvalDecoder(
        RowMatrix trainRates, RowMatrix trainBehavior, RowMatrix evalRates, RowMatrix evalBehavior,
        bool gridSearch = true) =>
        FitAndEvalDecoderDetailed(trainRates, trainBehavior, evalRates, evalBehavior, gridSearch).R2;

    /// <summary><see cref="FitAndEvalDecoder"/> with the fitted model and, with grid search, the search details.</summary>
    public static DecoderResult FitAndEvalDecoderDetailed(
        RowMatrix trainRates, RowMatrix trainBehavior, RowMatrix evalRates, RowMatrix evalBehavior,
        bool gridSearch = true)
    {
        RequireSameRows(trainRates, trainBehavior, "train");
        RequireSameRows(evalRates, evalBehavior, "eval");
        if (trainRates.Cols != evalRates.Cols || trainBehavior.Cols != evalBehavior.Cols)
            throw new MetricInputException(
                $"fit_and_eval_decoder: train rates {trainRates.ShapeText} / behavior {trainBehavior.ShapeText} and eval rates {evalRates.ShapeText} / behavior {evalBehavior.ShapeText} disagree in columns");
        if (trainBehavior.Cols == 0)
            throw new MetricInputException("fit_and_eval_decoder: behavior has no columns");

        (trainRates, trainBehavior) = DropNaNBehaviorRows(trainRates, trainBehavior);
        (evalRates, evalBehavior) = DropNaNBehaviorRows(evalRates, evalBehavior);
        RequireNoNaN(trainRates, "train");
        RequireNoNaN(evalRates, "eval");

        RidgeGridSearchResult? search = null;
        RidgeModel model;
        if (gridSearch)
        {
            search = RidgeRegression.GridSearch(trainRates, trainBehavior);
            model = search.BestModel;
        }
        else
        {
            model = RidgeRegression.Fit(trainRates, trainBehavior, RidgeRegression.NlbFixedAlpha);
        }
        var clock = Stopwatch.StartNew();
        double r2 = model.Score(evalRates, evalBehavior);
        return new DecoderResult(r2, model, search, trainRates.Rows, evalRates.Rows, clock.Elapsed);
    }

    /// <summary>Rows whose behavior column 0 is NaN are unscored time points; copies only when there are any.</summary>
    internal static (RowMatrix Rates, RowMatrix Behavior) DropNaNBehaviorRows(RowMatrix rates, RowMatrix behavior)
    {
        var keep = new bool[behavior.Rows];
        bool any = false;
        for (int row = 0; row < keep.Length; row++)
        {
            keep[row] = !double.IsNaN(behavior[row, 0]);
            any |= !keep[row];
        }
        return any ? (rates.SelectRows(keep), behavior.SelectRows(keep)) : (rates, behavior);
    }

    private static RowMatrix Flatten(Array3 array, bool[] keep) =>
        RowMatrix.FromArray3(keep.All(k => k) ? array : array.SelectTrials(keep));

    private static bool[] Column(bool[,] mask, int column)
    {
        var result = new bool[mask.GetLength(0)];
        for (int row = 0; row < result.Length; row++) result[row] = mask[row, column];
        return result;
    }

    private static bool[,] AllTrue(int trials)
    {
        var mask = new bool[trials, 1];
        for (int trial = 0; trial < trials; trial++) mask[trial, 0] = true;
        return mask;
    }

    private static void RequireSameTrials(Array3 rates, Array3 behavior, string split)
    {
        if (rates.Trials != behavior.Trials || rates.Time != behavior.Time)
            throw new MetricInputException(
                $"velocity_decoding: {split} rates {rates.ShapeText} and {split} behavior {behavior.ShapeText} must agree in trials and time");
    }

    private static void RequireSameRows(RowMatrix rates, RowMatrix behavior, string split)
    {
        if (rates.Rows != behavior.Rows)
            throw new MetricInputException(
                $"fit_and_eval_decoder: {split} rates {rates.ShapeText} and {split} behavior {behavior.ShapeText} must have the same number of rows");
    }

    private static void RequireNoNaN(RowMatrix rates, string split)
    {
        int first = IndexOfNaN(rates.Values);
        if (first < 0) return;
        int count = 0;
        foreach (double value in rates.Values) if (double.IsNaN(value)) count++;
        throw new MetricInputException(
            $"fit_and_eval_decoder: NaNs found in {split} rate predictions within required trial times: {count} values, first at row {first / rates.Cols}, column {first % rates.Cols} of {rates.ShapeText}");
    }

    /// <summary>First NaN, vectorised (x ≠ x only for NaN): the check runs over every rate of the training set.</summary>
    private static int IndexOfNaN(ReadOnlySpan<double> values)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<double>.Count;
            for (; i + width <= values.Length; i += width)
            {
                var v = new Vector<double>(values[i..]);
                if (!Vector.EqualsAll(v, v)) break;
            }
        }
        for (; i < values.Length; i++)
            if (double.IsNaN(values[i])) return i;
        return -1;
    }
}
