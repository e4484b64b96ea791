using Blend.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Distillation;

/// <summary>
/// Feature distillation: hard MSE plus, for each layer, the MSE between the student's hidden features mapped by a
/// learned linear projector (student width → teacher width, one per layer) and the teacher's. The reference's
/// version is a silent no-op (its student returns no layer outputs); this one trains its projectors with the
/// student.
/// </summary>
public sealed class FeatureDistillation : IDistillationStrategy
{
    private readonly Linear[] _projectors;

    /// <summary>Builds one freshly initialised linear projector per layer, mapping student features to the teacher's width.</summary>
    /// <param name="studentWidth">Width of the student's hidden features (last dimension of each <c>B × T × width</c> layer output).</param>
    /// <param name="teacherWidth">Width of the teacher's hidden features.</param>
    /// <param name="layers">Number of feature layers matched (student and teacher must expose this many); at least 1.</param>
    /// <param name="featureWeight">Weight of the summed per-layer feature MSE relative to the log-rate MSE.</param>
    public FeatureDistillation(int studentWidth, int teacherWidth, int layers, double featureWeight = 1.0)
    {
        if (layers < 1) throw new ArgumentOutOfRangeException(nameof(layers), $"feature distillation needs ≥ 1 layer, got {layers}");
        FeatureWeight = featureWeight;
        _projectors = Enumerable.Range(0, layers).Select(_ => nn.Linear(studentWidth, teacherWidth)).ToArray();
    }

    /// <summary>Weight of the per-layer feature term added to the log-rate MSE (<c>distillation.feature_weight</c>).</summary>
    public double FeatureWeight { get; }

    /// <summary>Always <c>feature</c>.</summary>
    public string Name => "feature";

    /// <summary>The projectors' weights and biases (named <c>projector.{layer}.weight</c> / <c>.bias</c>), trained with the student.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> Parameters =>
        _projectors.SelectMany((projector, layer) => projector.named_parameters().Select(p => ($"projector.{layer}.{p.name}", p.parameter)));

    /// <summary>Log-rate MSE plus <see cref="FeatureWeight"/> × <see cref="FeatureTerm"/> (0-d).</summary>
    public Tensor Loss(ModelOutput student, ModelOutput teacher) =>
        HardDistillation.LogRateMse(student.LogRates, teacher.LogRates) + FeatureWeight * FeatureTerm(student, teacher);

    /// <summary>Σ over layers of MSE(projector(h_student), h_teacher).</summary>
    public Tensor FeatureTerm(ModelOutput student, ModelOutput teacher)
    {
        if (student.LayerFeatures.Count != _projectors.Length || teacher.LayerFeatures.Count != _projectors.Length)
            throw new ArgumentException(
                $"feature distillation was built for {_projectors.Length} layers; student has {student.LayerFeatures.Count}, teacher {teacher.LayerFeatures.Count}");
        Tensor? total = null;
        for (int layer = 0; layer < _projectors.Length; layer++)
        {
            var term = nn.functional.mse_loss(_projectors[layer].forward(student.LayerFeatures[layer]), teacher.LayerFeatures[layer]);
            total = total is null ? term : total + term;
        }
        return total!;
    }
}
