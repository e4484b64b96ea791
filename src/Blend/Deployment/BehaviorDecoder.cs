using Blend.Data;
using Blend.Evaluation;

namespace Blend.Deployment;

/// <summary>
/// The linear behavior decoder of a model bundle: nlb_tools' velocity decoder (ridge from every neuron's rate in a bin
/// to that bin's behavior, α by 5-fold GridSearchCV over logspace(−4, 0, 9)), fitted on the model's own rates for all
/// training trials (main bins; bins with unknown behavior left out), so a deployed model decodes behavior from spikes
/// alone, as the vel R² metric scores it.
/// </summary>
public sealed record BehaviorDecoder
{
    /// <summary>The ridge penalty chosen by cross-validation.</summary>
    public required double Alpha { get; init; }

    /// <summary>Input rates per bin: every neuron, in the model's order (held-in then held-out).</summary>
    public required int Features { get; init; }

    /// <summary>Behavior channels decoded.</summary>
    public required int Outputs { get; init; }

    /// <summary>W, features × outputs row-major (sklearn's coef_.T), for rates in counts per bin.</summary>
    public required double[] Coefficients { get; init; }

    /// <summary>b, one per output.</summary>
    public required double[] Intercepts { get; init; }

    /// <summary>Rows (trial bins) the decoder was fitted on.</summary>
    public required int TrainingRows { get; init; }

    /// <summary>Mean cross-validated R² of the chosen α on the training rows.</summary>
    public required double CrossValidatedR2 { get; init; }

    /// <summary>Fits the decoder on rates (trials × bins × neurons) and behavior (trials × bins × channels) of the same trials and bins.</summary>
    public static BehaviorDecoder Fit(Array3 rates, Array3 behavior)
    {
        if (rates.Trials != behavior.Trials || rates.Time != behavior.Time)
            throw new ArgumentException($"rates {rates.ShapeText} and behavior {behavior.ShapeText} must cover the same trials and bins");
        var (x, y) = VelocityDecoding.DropNaNBehaviorRows(RowMatrix.FromArray3(rates), RowMatrix.FromArray3(behavior));
        if (x.Rows < RidgeRegression.NlbFolds)
            throw new BlendInputException($"only {x.Rows} training bins with known behavior: too few to fit a behavior decoder");
        var search = RidgeRegression.GridSearch(x, y);
        var model = search.BestModel;
        return new BehaviorDecoder
        {
            Alpha = model.Alpha,
            Features = model.Features,
            Outputs = model.Outputs,
            Coefficients = model.Coefficients,
            Intercepts = model.Intercepts,
            TrainingRows = x.Rows,
            CrossValidatedR2 = search.MeanScores[search.BestIndex],
        };
    }

    /// <summary>Decoded behavior per bin for rates (rows × <see cref="Features"/>).</summary>
    public RowMatrix Predict(RowMatrix rates) => new RidgeModel(Alpha, Features, Outputs, Coefficients, Intercepts).Predict(rates);

    /// <summary>Decoded behavior for trials × bins × <see cref="Features"/> rates.</summary>
    public Array3 Predict(Array3 rates)
    {
        var decoded = Predict(RowMatrix.FromArray3(rates));
        return new Array3(rates.Trials, rates.Time, Outputs, decoded.Values);
    }

    /// <summary>Checks the shapes after reading from a bundle.</summary>
    internal void Validate(string file, int neurons)
    {
        if (Features != neurons || Outputs < 1 || Coefficients is null || Intercepts is null
            || Coefficients.Length != Features * Outputs || Intercepts.Length != Outputs)
            throw new BlendInputException(
                $"{file}: decoder: {Coefficients?.Length ?? 0} coefficients and {Intercepts?.Length ?? 0} intercepts do not fit {Features} features × {Outputs} outputs for {neurons} neurons");
    }
}
