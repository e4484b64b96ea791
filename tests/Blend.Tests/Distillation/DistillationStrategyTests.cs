using Blend.Distillation;
using Blend.Models;
using Blend.Tests.Models;
using static TorchSharp.torch;

namespace Blend.Tests.Distillation;

/// <summary>Each strategy against the reference's values on the golden student/teacher log-rates (ndt_reference.json).</summary>
[Collection(Blend.Tests.Training.TorchTrainingCollection.Name)]
public class DistillationStrategyTests
{
    private static (ModelOutput Student, ModelOutput Teacher) FixtureOutputs()
    {
        var fixture = NdtReferenceFixture.Load();
        return (new ModelOutput(fixture.Tensor3("student_lograte"), []), new ModelOutput(fixture.Tensor3("teacher_lograte"), []));
    }

    [Fact]
    public void HardMatchesTheReference()
    {
        using var scope = NewDisposeScope();
        var (student, teacher) = FixtureOutputs();
        Assert.Equal(NdtReferenceFixture.Load().Distillation("hard_mse"), new HardDistillation().Loss(student, teacher).item<float>(), 6);
    }

    [Fact]
    public void SoftWithReferenceScalingMatchesTheReference()
    {
        using var scope = NewDisposeScope();
        var (student, teacher) = FixtureOutputs();
        double expected = NdtReferenceFixture.Load().Distillation("soft_kl_tau2_batchmean_times_tau2");
        double actual = new SoftDistillation(2, SoftDistillationScaling.Reference).Loss(student, teacher).item<float>();
        Assert.True(Math.Abs(actual - expected) <= 1e-5 * expected, $"{actual} vs {expected}");
    }

    [Fact]
    public void SoftPerBinMeanIsTheReferenceDividedByBins()
    {
        using var scope = NewDisposeScope();
        var (student, teacher) = FixtureOutputs();
        double reference = new SoftDistillation(2, SoftDistillationScaling.Reference).Loss(student, teacher).item<float>();
        double perBin = new SoftDistillation().Loss(student, teacher).item<float>();
        Assert.Equal(reference / student.LogRates.shape[1], perBin, 5);
    }

    [Fact]
    public void CorrelationMatchesTheReference()
    {
        using var scope = NewDisposeScope();
        var (student, teacher) = FixtureOutputs();
        double expected = NdtReferenceFixture.Load().Distillation("correlation_plus_hard");
        Assert.Equal(expected, new CorrelationDistillation().Loss(student, teacher).item<float>(), 5);
    }

    [Fact]
    public void CorrelationIsFiniteForConstantNeurons()
    {
        using var scope = NewDisposeScope();
        var rates = randn(2, 10, 4);
        rates[.., .., 1] = full(2, 10, 3.0f);
        var loss = new CorrelationDistillation().Loss(new ModelOutput(rates, []), new ModelOutput(randn(2, 10, 4), []));
        Assert.True(double.IsFinite(loss.item<float>()));
        var correlations = CorrelationDistillation.Correlations(rates);
        Assert.Equal(0, correlations[0, 1, 0].item<float>());
        Assert.Equal(1, correlations[0, 0, 0].item<float>(), 5);
    }

    [Fact]
    public void EveryStrategyIsZeroWhenStudentEqualsTeacher()
    {
        using var scope = NewDisposeScope();
        var (_, teacher) = FixtureOutputs();
        foreach (IDistillationStrategy strategy in new IDistillationStrategy[] { new HardDistillation(), new SoftDistillation(), new CorrelationDistillation() })
            Assert.Equal(0, strategy.Loss(teacher, teacher).item<float>(), 6);
    }

    [Fact]
    public void FeatureTermIsNonZeroAndTrainsTheProjector()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(4);
        // Student width 6, teacher width 8 (behaviour channels), 2 layers.
        var studentFeatures = new[] { randn(3, 5, 6), randn(3, 5, 6) };
        var teacherFeatures = new[] { randn(3, 5, 8), randn(3, 5, 8) };
        var logRates = randn(3, 5, 6);
        var student = new ModelOutput(logRates, studentFeatures);
        var teacher = new ModelOutput(logRates.clone(), teacherFeatures);
        var feature = new FeatureDistillation(6, 8, layers: 2);

        var before = feature.FeatureTerm(student, teacher).item<float>();
        Assert.True(before > 0.1, $"feature term {before}");
        Assert.Equal(before, feature.Loss(student, teacher).item<float>(), 5); // equal log-rates: hard part is 0

        var parameters = feature.Parameters.Select(p => p.Parameter).ToArray();
        Assert.Equal(4, parameters.Length); // weight + bias per layer
        var optimizer = optim.Adam(parameters, 0.05);
        for (int step = 0; step < 100; step++)
        {
            optimizer.zero_grad();
            feature.Loss(student, teacher).backward();
            optimizer.step();
        }
        double after = feature.FeatureTerm(student, teacher).item<float>();
        Assert.True(after < 0.9 * before, $"projector did not learn: {before} → {after}");
    }

    [Fact]
    public void CombinationWeighsItsParts()
    {
        using var scope = NewDisposeScope();
        var (student, teacher) = FixtureOutputs();
        double hard = new HardDistillation().Loss(student, teacher).item<float>();
        double soft = new SoftDistillation().Loss(student, teacher).item<float>();
        var combined = new CombinedDistillation((0.7, new HardDistillation()), (0.3, new SoftDistillation()));
        Assert.Equal(0.7 * hard + 0.3 * soft, combined.Loss(student, teacher).item<float>(), 5);
        Assert.Equal("0.7*hard+0.3*soft", combined.Name);
    }

    [Fact]
    public void PoissonDistillationIsTheMeanPoissonKlAndZeroOnlyAtTheTeachersRates()
    {
        using var scope = NewDisposeScope();
        var student = tensor(new float[] { 0.0f, -2.0f, 1.0f, -4.0f }).view(1, 2, 2);
        var teacher = tensor(new float[] { 0.5f, -2.0f, 0.0f, -1.0f }).view(1, 2, 2);
        double Kl(double t, double s) => Math.Exp(t) * (t - s) - Math.Exp(t) + Math.Exp(s);
        double expected = (Kl(0.5, 0) + Kl(-2, -2) + Kl(0, 1) + Kl(-1, -4)) / 4;
        var strategy = new PoissonDistillation();
        Assert.Equal("poisson", strategy.Name);
        Assert.Equal(expected, strategy.Loss(new ModelOutput(student, []), new ModelOutput(teacher, [])).item<float>(), 5);
        Assert.Equal(0, strategy.Loss(new ModelOutput(teacher, []), new ModelOutput(teacher, [])).item<float>(), 6);
        // Unlike the log-rate MSE, a one-nat gap costs little where the teacher's rate is near zero.
        var quiet = strategy.Loss(new ModelOutput(full(1, 1, 1, -5f), []), new ModelOutput(full(1, 1, 1, -4f), [])).item<float>();
        var busy = strategy.Loss(new ModelOutput(full(1, 1, 1, 1f), []), new ModelOutput(full(1, 1, 1, 2f), [])).item<float>();
        Assert.True(busy > 50 * quiet);
    }
}
