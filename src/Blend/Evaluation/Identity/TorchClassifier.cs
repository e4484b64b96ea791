using Blend.Data;
using Blend.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Blend.Evaluation.Identity;

/// <summary>
/// NeuPRINT's post-hoc torch classifiers (its <c>classification.py</c>): <c>linear</c> (features → classes) and
/// <c>mlp</c> (features → hidden → classes, ReLU), trained full batch in float32 on unstandardised features. Each epoch
/// is one Adam step with the clipped gradient, then a StepLR step; then the validation rows are scored, and the test
/// predictions of the first epoch with the most correct validation rows are kept (the reference's strict
/// <c>val_acc &gt; best_val_acc</c>). With no validation rows the last epoch predicts. Initial weights come from
/// torch's default generator seeded with the fit's seed, so a seed fixes the whole fit.
/// </summary>
public sealed class TorchClassifier : IIdentityClassifier
{
    private readonly bool _hidden;

    private TorchClassifier(string name, bool hidden, TorchClassifierOptions options)
    {
        options.Validate();
        Name = name;
        _hidden = hidden;
        Options = options;
    }

    /// <summary>The <c>linear</c> classifier (one linear layer, features → classes).</summary>
    public static TorchClassifier Linear(TorchClassifierOptions? options = null) => new("linear", false, options ?? new());

    /// <summary>The <c>mlp</c> classifier (features → <c>Hidden</c> units, ReLU → classes).</summary>
    public static TorchClassifier Mlp(TorchClassifierOptions? options = null) => new("mlp", true, options ?? new());

    /// <summary><c>linear</c> or <c>mlp</c>.</summary>
    public string Name { get; }

    /// <summary>The training settings (checked on construction).</summary>
    public TorchClassifierOptions Options { get; }

    /// <summary>
    /// Trains from weights seeded by <paramref name="seed"/> and predicts the test rows with the selected epoch's weights
    /// (the first with the most correct validation rows, or the last).
    /// </summary>
    public ClassifierFit FitPredict(ClassifierProblem problem, int seed)
    {
        using var scope = NewDisposeScope();
        using var model = Build(problem.Features, problem.Classes);
        Initialize(model, seed);
        var x = Features(problem.Train);
        var y = Labels(problem.TrainLabels);
        var sampleWeights = Options.ClassWeighted ? SampleWeights(problem.TrainLabels, problem.Classes) : null;
        var validationX = Features(problem.Validation);
        var validationY = Labels(problem.ValidationLabels);
        var testX = Features(problem.Test);
        var parameters = model.parameters().ToArray();
        using var optimizer = optim.Adam(parameters, Options.LearningRate);
        var schedule = optim.lr_scheduler.StepLR(optimizer, Options.StepSize, Options.Gamma);
        bool selectBest = Options.Selection == ModelSelection.BestVal && problem.Validation.Rows > 0;

        long bestCorrect = -1;
        int bestEpoch = -1;
        int[] bestPredicted = [];
        for (int epoch = 0; epoch < Options.Epochs; epoch++)
        {
            using (NewDisposeScope())
            {
                optimizer.zero_grad();
                var logits = model.call(x);
                var loss = sampleWeights is null
                    ? nn.functional.cross_entropy(logits, y)
                    : nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.None).mul(sampleWeights).mean();
                loss.backward();
                GradientClipping.ClipGlobalNorm(parameters, Options.MaxGradNorm);
                optimizer.step();
            }
            schedule.step();

            bool last = epoch == Options.Epochs - 1;
            if (!selectBest || !(last || (epoch + 1) % Options.ValidateEvery == 0)) continue;
            using (no_grad())
            using (NewDisposeScope())
            {
                // Only the count of correct rows crosses to the host; test rows are predicted only on improvement.
                long correct = model.call(validationX).argmax(1).eq(validationY).sum().item<long>();
                if (correct > bestCorrect)
                {
                    bestCorrect = correct;
                    bestEpoch = epoch;
                    bestPredicted = Predict(model, testX);
                }
            }
        }
        if (!selectBest)
        {
            using var noGrad = no_grad();
            using var final = NewDisposeScope();
            return new ClassifierFit(Predict(model, testX), Options.Epochs - 1);
        }
        return new ClassifierFit(bestPredicted, bestEpoch);
    }

    private nn.Module<Tensor, Tensor> Build(int features, int classes) => _hidden
        ? nn.Sequential(
            ("fc1", nn.Linear(features, Options.Hidden)),
            ("relu", nn.ReLU()),
            ("fc2", nn.Linear(Options.Hidden, classes)))
        : nn.Sequential(("fc", nn.Linear(features, classes)));

    /// <summary>
    /// PyTorch's default nn.Linear initialisation (weights and biases U(−1/√fan_in, 1/√fan_in)) drawn from a generator of
    /// this fit's own seed, so the classifier does not depend on, or set, libtorch's global generator.
    /// </summary>
    private static void Initialize(nn.Module<Tensor, Tensor> model, int seed)
    {
        using var generator = new Generator(unchecked((ulong)seed));
        using var noGrad = no_grad();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, weight) in parameters.Where(p => p.Key.EndsWith(".weight", StringComparison.Ordinal)))
        {
            double bound = 1 / Math.Sqrt(weight.shape[1]);
            weight.uniform_(-bound, bound, generator);
            parameters[name[..^".weight".Length] + ".bias"].uniform_(-bound, bound, generator);
        }
    }

    private static int[] Predict(nn.Module<Tensor, Tensor> model, Tensor x) =>
        x.shape[0] == 0 ? [] : model.call(x).argmax(1).to_type(ScalarType.Int32).data<int>().ToArray();

    private static Tensor Features(RowMatrix matrix)
    {
        var values = new float[matrix.Values.Length];
        for (int i = 0; i < values.Length; i++) values[i] = (float)matrix.Values[i];
        return tensor(values, [matrix.Rows, matrix.Cols]);
    }

    private static Tensor Labels(IReadOnlyList<int> labels) => tensor(labels.Select(l => (long)l).ToArray(), [labels.Count]);

    /// <summary>Per-sample weight: its class's N / n_c, normalised so the weights of the classes present sum to 1.</summary>
    private static Tensor SampleWeights(IReadOnlyList<int> labels, int classes)
    {
        var counts = new int[classes];
        foreach (int label in labels) counts[label]++;
        var classWeight = counts.Select(n => n == 0 ? 0.0 : labels.Count / (double)n).ToArray();
        double sum = classWeight.Sum();
        return tensor(labels.Select(l => (float)(classWeight[l] / sum)).ToArray(), [labels.Count]);
    }
}
