using Blend.Distillation;
using Blend.Models;
using Blend.Training;
using static TorchSharp.torch;

namespace Blend.Tests.Models;

[Collection(Blend.Tests.Training.TorchTrainingCollection.Name)]
public class TeacherBehaviorTests
{
    [Fact]
    public void BehaviorIsZScoredWithTrainingStatisticsAndNaNBecomesZeroWithAnIndicator()
    {
        using var scope = NewDisposeScope();
        var input = new BehaviorInput(2, normalize: true, missingIndicator: true, truncateLikeReference: false);
        var training = tensor(new float[] { 1, 10, 3, 20, float.NaN, 30, 5, float.NaN }, [1, 4, 2]);
        input.Fit(training);
        var encoded = input.Forward(training);
        Assert.Equal(3, encoded.shape[2]);
        // channel 0: known values 1, 3, 5 → mean 3, std 2; channel 1: 10, 20, 30 → mean 20, std 10
        Assert.Equal(-1, encoded[0, 0, 0].item<float>(), 5);
        Assert.Equal(-1, encoded[0, 0, 1].item<float>(), 5);
        Assert.Equal(0, encoded[0, 2, 0].item<float>());      // NaN → 0
        Assert.Equal(1, encoded[0, 2, 2].item<float>());      // … and flagged
        Assert.Equal(0, encoded[0, 0, 2].item<float>());
        Assert.False(encoded.isnan().any().item<bool>());
    }

    [Fact]
    public void TruncationIsOnlyAParitySwitch()
    {
        using var scope = NewDisposeScope();
        var raw = tensor(new float[] { 2.7f, -1.9f }, [1, 1, 2]);
        var parity = new BehaviorInput(2, normalize: false, missingIndicator: false, truncateLikeReference: true).Forward(raw);
        var ours = new BehaviorInput(2, normalize: false, missingIndicator: false, truncateLikeReference: false).Forward(raw);
        Assert.Equal([2f, -1f], parity.data<float>().ToArray());
        Assert.Equal([2.7f, -1.9f], ours.data<float>().ToArray());
    }

    [Fact]
    public void TeacherWithNaNBehaviorGivesFiniteLogRates()
    {
        using var scope = NewDisposeScope();
        var teacher = new NdtModel(new NdtOptions(), 8, 12, 2);
        var behavior = randn(3, 12, 2);
        behavior[1, 5, 0] = tensor(float.NaN);
        teacher.FitBehavior(behavior);
        teacher.eval();
        using var _ = no_grad();
        Assert.False(teacher.Forward(rand(3, 12, 8), behavior).LogRates.isnan().any().item<bool>());
        Assert.Equal(8 + 3 + 1, teacher.FeatureWidth); // concat: 2 behavior channels + missing indicator + 1 padding (2 heads)
    }

    [Fact]
    public void EmbedFusionKeepsTheWidthAndStartsAsTheStudent()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(5);
        var teacher = new NdtModel(new NdtOptions { BehaviorFusion = BehaviorFusion.Embed }, 8, 12, 2);
        random.manual_seed(5);
        var student = new NdtModel(new NdtOptions(), 8, 12);
        Assert.Equal(8, teacher.FeatureWidth);
        teacher.eval();
        student.eval();
        using var _ = no_grad();
        var spikes = rand(2, 12, 8);
        // The zero-initialised behavior embedding adds nothing until trained.
        Assert.True(teacher.Forward(spikes, randn(2, 12, 2)).LogRates.allclose(student.Forward(spikes).LogRates, 1e-5, 1e-6));
    }

    /// <summary>A one-layer NDT teacher (6 neurons, 10 bins, 2 behavior dims) and its student, drawn after seeding torch with <paramref name="seed"/>.</summary>
    private static (NdtModel Teacher, NdtModel Student) OneLayerPair(int seed)
    {
        random.manual_seed(seed);
        var teacher = new NdtModel(new NdtOptions { Layers = 1 }, 6, 10, 2);
        return (teacher, new NdtModel(new NdtOptions { Layers = 1 }, 6, 10));
    }

    [Fact]
    public void DistillationKeepsTheTeacherFrozenAndTrainsTheStudent()
    {
        using var scope = NewDisposeScope();
        var (teacher, student) = OneLayerPair(2);
        teacher.train(); // the objective must switch it to eval itself
        var objective = new DistillationObjective(teacher, new FeatureDistillation(student.FeatureWidth, teacher.FeatureWidth, 1), alpha: 0.5);
        Assert.False(teacher.training);
        Assert.All(teacher.parameters(), p => Assert.False(p.requires_grad));
        var before = teacher.parameters().Select(p => p.clone()).ToArray();

        var batch = new MaskedBatch(rand(4, 10, 6), rand(4, 10, 6).lt(0.3).to_type(ScalarType.Float32), randn(4, 10, 2));
        var parameters = student.parameters().Concat(objective.Parameters.Select(p => p.Parameter)).ToArray();
        var optimizer = optim.Adam(parameters, 1e-2);
        var studentBefore = student.parameters().First().clone();
        for (int step = 0; step < 3; step++)
        {
            optimizer.zero_grad();
            objective.Loss(student, batch).backward();
            optimizer.step();
        }
        Assert.All(teacher.parameters().Zip(before), pair => Assert.True(pair.First.allclose(pair.Second, 0, 0)));
        Assert.False(student.parameters().First().allclose(studentBefore, 0, 0));
        Assert.All(objective.Parameters, p => Assert.NotNull(p.Parameter.grad));
    }

    [Fact]
    public void AlphaOneIsPlainMaskedModeling()
    {
        using var scope = NewDisposeScope();
        var (teacher, student) = OneLayerPair(3);
        student.eval();
        var batch = new MaskedBatch(rand(4, 10, 6), rand(4, 10, 6).lt(0.3).to_type(ScalarType.Float32), randn(4, 10, 2));
        double distilled = new DistillationObjective(teacher, new HardDistillation(), alpha: 1).Loss(student, batch).to_type(ScalarType.Float64).item<double>();
        double plain = new MaskedModelingObjective().Loss(student, batch).to_type(ScalarType.Float64).item<double>();
        Assert.Equal(plain, distilled, 6);
    }

    [Fact]
    public void AnUnmaskedTeacherReadsTheCleanCountsWhileTheStudentSeesTheMaskedOnes()
    {
        using var scope = NewDisposeScope();
        var (teacher, student) = OneLayerPair(4);
        student.eval(); teacher.eval();
        var clean = randint(0, 3, [4, 10, 6]).to_type(ScalarType.Float32);
        var masked = clean.clone();
        masked[TensorIndex.Colon, TensorIndex.Slice(2, 5)] = 0;
        var behavior = randn(4, 10, 2);
        var batch = new MaskedBatch(masked, rand(4, 10, 6).lt(0.3).to_type(ScalarType.Float32), behavior) { Unmasked = clean };
        double Distilled(TeacherInput input) =>
            new DistillationObjective(teacher, new HardDistillation(), alpha: 0, input).Loss(student, batch).to_type(ScalarType.Float64).item<double>();
        using var _ = no_grad();
        var studentLogRates = student.Forward(masked).LogRates;
        double Mse(Tensor teacherInput) =>
            nn.functional.mse_loss(studentLogRates, teacher.Forward(teacherInput, behavior).LogRates).to_type(ScalarType.Float64).item<double>();
        Assert.Equal(Mse(clean), Distilled(TeacherInput.Unmasked), 6);
        Assert.Equal(Mse(masked), Distilled(TeacherInput.Masked), 6);
        Assert.NotEqual(Mse(clean), Mse(masked), 3);
        var withoutClean = batch with { Unmasked = null };
        Assert.Throws<InvalidOperationException>(() => new DistillationObjective(teacher, new HardDistillation(), 0, TeacherInput.Unmasked).Loss(student, withoutClean));
    }

    [Fact]
    public void ATeacherWarmStartedFromItsBaselineStartsAsThatBaseline()
    {
        using var scope = NewDisposeScope();
        string path = Path.Combine(Path.GetTempPath(), $"blend-warm-{Guid.NewGuid():N}.pt");
        try
        {
            var embed = new NdtOptions { Layers = 1, BehaviorFusion = BehaviorFusion.Embed, ReadoutSkipBins = 1, ReadoutSkipRank = 2 };
            random.manual_seed(11);
            var baseline = new NdtModel(embed, 6, 10);
            using (no_grad())
                foreach (var parameter in baseline.parameters()) parameter.add_(randn(parameter.shape) * 0.05); // "trained": no zero left
            CheckpointFile.Write(path, "{}", baseline.state_dict().Select(p => new KeyValuePair<string, Tensor>("model." + p.Key, p.Value)));
            random.manual_seed(12);
            var teacher = new NdtModel(embed, 6, 10, 2);
            Trainer.LoadSharedParameters(path, teacher);
            baseline.eval(); teacher.eval();
            using var _ = no_grad();
            var counts = randint(0, 3, [3, 10, 6]).to_type(ScalarType.Float32);
            Assert.True(teacher.Forward(counts, randn(3, 10, 2)).LogRates.allclose(baseline.Forward(counts).LogRates, rtol: 1e-6, atol: 1e-6));
            var student = new NdtModel(embed, 6, 10);
            Trainer.LoadSharedParameters(path, student);
            student.eval();
            Assert.True(student.Forward(counts).LogRates.allclose(baseline.Forward(counts).LogRates, rtol: 0, atol: 0));
            var concat = new NdtModel(embed with { BehaviorFusion = BehaviorFusion.Concat, Heads = 1 }, 6, 10, 2);
            var error = Assert.Throws<BlendInputException>(() => Trainer.LoadSharedParameters(path, concat));
            Assert.Contains("no counterpart of that shape", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
