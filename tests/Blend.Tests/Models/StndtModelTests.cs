using Blend.Data;
using Blend.Distillation;
using Blend.Experiments;
using Blend.Models;
using Blend.Tests.Data;
using Blend.Tests.Training;
using Blend.Training;
using static TorchSharp.torch;

namespace Blend.Tests.Models;

[Collection(TorchTrainingCollection.Name)]
public class StndtModelTests
{
    private static readonly NdtOptions Small = new() { Layers = 2, Heads = 2, HiddenSize = 16, ContextForward = 3, ContextBackward = 3 };

    private static TrialLayout Layout(int heldin = 10, int heldout = 4, int main = 12, int forward = 4, int behavior = 2) =>
        new(heldin, heldout, main, forward, behavior);

    private static StndtModel Model(int seed, NdtOptions? transformer = null, StndtOptions? options = null, TrialLayout? layout = null, int behaviorDims = 0)
    {
        random.manual_seed(seed);
        return new StndtModel(transformer ?? Small, options ?? new StndtOptions(), layout ?? Layout(), behaviorDims);
    }

    /// <summary>A batch as the trainer builds it: Poisson-like counts, the masked input/labels and the mask stream.</summary>
    private static MaskedBatch Batch(TrialLayout layout, int trials, Generator generator, MaskMode mode = MaskMode.Full)
    {
        var spikes = randint(0, 4, [trials, layout.Bins, layout.Neurons], generator: generator).to_type(ScalarType.Float32);
        var masker = new Masker(new MaskingOptions { Mode = mode, TokenRatio = 0.8 }, layout);
        var (input, labels) = masker.Mask(spikes, 1, generator);
        return new MaskedBatch(input, labels, randn([trials, layout.Bins, layout.BehaviorDims], generator: generator))
        {
            Spikes = spikes, Generator = generator,
        };
    }

    [Fact]
    public void SinusoidalPositionsFollowTheTransformerFormula()
    {
        using var scope = NewDisposeScope();
        var table = SinusoidalPositions.Table(7, 6).to_type(ScalarType.Float64);
        Assert.Equal([7L, 6L], table.shape);
        for (int pos = 0; pos < 7; pos++)
            for (int i = 0; i < 3; i++)
            {
                double angle = pos / Math.Pow(10000, 2.0 * i / 6);
                Assert.Equal(Math.Sin(angle), table[pos, 2 * i].item<double>(), 5);
                Assert.Equal(Math.Cos(angle), table[pos, 2 * i + 1].item<double>(), 5);
            }
        Assert.Equal(0, table[0, 0].item<double>());
        Assert.Equal(1, table[0, 1].item<double>());
        // odd width: the last column is a sine of the next frequency
        var odd = SinusoidalPositions.Table(4, 5).to_type(ScalarType.Float64);
        Assert.Equal(Math.Sin(3 / Math.Pow(10000, 4.0 / 5)), odd[3, 4].item<double>(), 5);
    }

    [Fact]
    public void SpatialAttentionWeightsMatchAHandComputation()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(4);
        const int batch = 2, tokens = 3, features = 4, heads = 2, headWidth = 2;
        var attention = new SpatialAttentionWeights(features, heads);
        var parameters = attention.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal([2L * features, features], parameters["in_proj_weight"].shape); // Q and K only
        using (no_grad()) parameters["in_proj_bias"].copy_(randn(2 * features) * 0.3);
        var x = randn(batch, tokens, features);
        var weights = attention.Forward(x);
        Assert.Equal([(long)batch, tokens, tokens], weights.shape);
        Assert.True(weights.sum(dim: -1).allclose(ones(batch, tokens), 1e-5, 1e-6)); // rows sum to 1

        double[] w = parameters["in_proj_weight"].detach().to_type(ScalarType.Float64).data<double>().ToArray();
        double[] bias = parameters["in_proj_bias"].detach().to_type(ScalarType.Float64).data<double>().ToArray();
        double[] input = x.to_type(ScalarType.Float64).data<double>().ToArray();
        double Project(int b, int token, int row) // row < features: Q, else K
        {
            double sum = bias[row];
            for (int f = 0; f < features; f++) sum += w[row * features + f] * input[(b * tokens + token) * features + f];
            return sum;
        }
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < tokens; i++)
            {
                var expected = new double[tokens];
                for (int h = 0; h < heads; h++)
                {
                    var scores = new double[tokens];
                    for (int j = 0; j < tokens; j++)
                        for (int d = 0; d < headWidth; d++)
                            scores[j] += Project(b, i, h * headWidth + d) * Project(b, j, features + h * headWidth + d) / Math.Sqrt(headWidth);
                    double max = scores.Max(), total = scores.Sum(s => Math.Exp(s - max));
                    for (int j = 0; j < tokens; j++) expected[j] += Math.Exp(scores[j] - max) / total / heads;
                }
                for (int j = 0; j < tokens; j++) Assert.Equal(expected[j], weights[b, i, j].to_type(ScalarType.Float64).item<double>(), 5);
            }
    }

    [Fact]
    public void NtXentMatchesAHandComputationAndPrefersMatchingViews()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(8);
        const int batch = 3, dims = 5;
        const double temperature = 0.5;
        var a = randn(batch, dims);
        var b = a + randn(batch, dims) * 0.3;
        double loss = NtXentLoss.Loss(a, b, temperature).to_type(ScalarType.Float64).item<double>();

        var rows = cat([a, b], 0).to_type(ScalarType.Float64);
        var z = Enumerable.Range(0, 2 * batch).Select(k =>
        {
            double[] v = rows[k].data<double>().ToArray();
            double norm = Math.Sqrt(v.Sum(x => x * x));
            return v.Select(x => x / norm).ToArray();
        }).ToArray();
        double Similarity(int k, int l) => z[k].Zip(z[l], (x, y) => x * y).Sum() / temperature;
        double expected = 0;
        for (int k = 0; k < 2 * batch; k++)
        {
            int partner = (k + batch) % (2 * batch);
            double denominator = Enumerable.Range(0, 2 * batch).Where(l => l != k).Sum(l => Math.Exp(Similarity(k, l)));
            expected += -Math.Log(Math.Exp(Similarity(k, partner)) / denominator);
        }
        expected /= 2 * batch;
        Assert.Equal(expected, loss, 5);

        double identical = NtXentLoss.Loss(a, a.clone(), temperature).to_type(ScalarType.Float64).item<double>();
        double shuffled = NtXentLoss.Loss(a, a[tensor(new long[] { 1, 2, 0 })], temperature).to_type(ScalarType.Float64).item<double>();
        Assert.True(identical < shuffled, $"identical views {identical}, shuffled partners {shuffled}");
    }

    [Fact]
    public void FullModeMasksEntriesIndependently()
    {
        using var scope = NewDisposeScope();
        var layout = Layout(heldin: 40, heldout: 6, main: 50, forward: 5);
        using var generator = new Generator(11, CPU);
        var spikes = ones(64, layout.Bins, layout.Neurons) * 2;
        var masker = new Masker(new MaskingOptions { Mode = MaskMode.Full, Ratio = 0.25, TokenRatio = 1.0 }, layout);
        var (input, labels) = masker.Mask(spikes, 1, generator);
        var heldinLabels = labels.narrow(1, 0, layout.MainBins).narrow(2, 0, layout.HeldinNeurons);
        var scored = heldinLabels.ne(Masker.Unscored).to_type(ScalarType.Float64);
        Assert.Equal(0.25, scored.mean().item<double>(), 2);
        // per entry, not per time step: within a masked bin only about a quarter of the neurons are masked
        var perBin = scored.mean([2]);
        Assert.True(perBin.max().item<double>() < 0.8, "full mode masked whole bins");
        Assert.True(perBin.std().item<double>() < 0.15);
        // token ratio 1: exactly the masked entries are zeroed
        var heldinInput = input.narrow(1, 0, layout.MainBins).narrow(2, 0, layout.HeldinNeurons);
        Assert.True(heldinInput.eq(0).to_type(ScalarType.Float64).allclose(scored, 0, 0));
    }

    [Fact]
    public void ReadoutSkipStartsAsThePlainModelAndThenAddsTheSmoothedCountsMap()
    {
        using var scope = NewDisposeScope();
        var layout = Layout();
        var skipping = Model(4, Small with { ReadoutSkipBins = 1.5, ReadoutSkipRank = 3 });
        var plain = Model(4, Small);
        skipping.eval(); plain.eval();
        using var _ = no_grad();
        var counts = randint(0, 3, [2, layout.Bins, layout.Neurons]).to_type(ScalarType.Float32);
        Assert.True(skipping.Forward(counts).LogRates.allclose(plain.Forward(counts).LogRates, rtol: 1e-6, atol: 1e-6));
        var output = skipping.named_parameters().Single(p => p.name == "readout_skip.map.1.weight").parameter;
        Assert.Equal([layout.Neurons, 3L], output.shape);
        output.copy_(randn(output.shape));
        Assert.False(skipping.Forward(counts).LogRates.allclose(plain.Forward(counts).LogRates, rtol: 1e-3, atol: 1e-3));
    }

    [Fact]
    public void ShapesOfLogRatesAndFeaturesAndTheParameterCount()
    {
        using var scope = NewDisposeScope();
        var layout = Layout();
        var model = Model(1);
        model.eval();
        using (no_grad())
        {
            var output = model.Forward(rand(3, layout.Bins, layout.Neurons));
            Assert.Equal([3L, layout.Bins, layout.Neurons], output.LogRates.shape);
            Assert.Equal(2, output.LayerFeatures.Count);
            Assert.All(output.LayerFeatures, f => Assert.Equal([3L, layout.Bins, model.FeatureWidth], f.shape));
            Assert.Throws<ArgumentException>(() => model.Forward(rand(3, layout.Bins - 1, layout.Neurons)));
        }
        static long Count(StndtModel m) => m.parameters().Sum(p => p.numel());
        Assert.Equal(StndtModel.ParameterCount(14, 14, 16, 2, 16), Count(model));

        // MC_Maze size: the reference's 1,536,212 minus the spatial value and output projections it never uses (4 × 65,160).
        var mcMaze = new StndtModel(new NdtOptions(), new StndtOptions(), new TrialLayout(137, 45, 140, 40, 2));
        Assert.Equal(1_536_212 - 260_640, Count(mcMaze));
        Assert.Equal(1_536_212 - 260_640, StndtModel.ParameterCount(182, 182, 180, 4, 128));

        // Teachers: concat widens to 14 + 2 + 1 (indicator) + 1 (padding to 2 heads); embed adds a (3 → 14) embedding.
        var concat = Model(1, behaviorDims: 2);
        Assert.Equal(18, concat.FeatureWidth);
        Assert.Equal(StndtModel.ParameterCount(18, 14, 16, 2, 16), Count(concat));
        var embed = Model(1, Small with { BehaviorFusion = BehaviorFusion.Embed }, behaviorDims: 2);
        Assert.Equal(14, embed.FeatureWidth);
        Assert.Equal(StndtModel.ParameterCount(14, 14, 16, 2, 16, embeddedBehaviorDims: 3), Count(embed));
    }

    [Fact]
    public void LayersStartIndependentUnlessIdenticalInitIsAsked()
    {
        using var scope = NewDisposeScope();
        static Tensor[] Layer(StndtModel m, int i) =>
            m.named_parameters().Where(p => p.name.StartsWith($"layers.{i}.")).Select(p => p.parameter).ToArray();
        var independent = Model(2);
        Assert.False(Layer(independent, 0).Zip(Layer(independent, 1)).All(p => p.First.allclose(p.Second, 0, 0)));
        var identical = Model(2, Small with { IdenticalLayerInit = true });
        Assert.True(Layer(identical, 0).Zip(Layer(identical, 1)).All(p => p.First.allclose(p.Second, 0, 0)));
    }

    [Fact]
    public void SpatialHeadsMustDivideTheBins()
    {
        var message = Assert.Throws<BlendInputException>(() => Model(1, layout: Layout(main: 11, forward: 4))).Message;
        Assert.Contains("model.heads = 2", message);
        Assert.Contains("stndt.spatial_heads", message);
        var three = Model(1, options: new StndtOptions { SpatialHeads = 3 }, layout: Layout(main: 11, forward: 4));
        Assert.Equal(3, three.SpatialHeads);
        Assert.Contains("stndt.spatial_heads = 4",
            Assert.Throws<BlendInputException>(() => Model(1, options: new StndtOptions { SpatialHeads = 4 }, layout: Layout(main: 11, forward: 4))).Message);
    }

    [Fact]
    public void TheContrastiveTermTrainsOnlyTheEmbeddersAndLambdaZeroIsPlainMaskedModeling()
    {
        using var scope = NewDisposeScope();
        var layout = Layout();
        using var generator = new Generator(3, CPU);
        var batch = Batch(layout, 6, generator);
        var model = Model(5);
        var contrastive = model.ContrastiveLoss(batch);
        Assert.True(contrastive.to_type(ScalarType.Float64).item<double>() > 0);
        contrastive.backward();
        foreach (var (name, parameter) in model.named_parameters())
        {
            bool hasGradient = parameter.grad is { } g && g.abs().sum().to_type(ScalarType.Float64).item<double>() > 0;
            Assert.True(hasGradient == name.Contains("embedder"), $"{name}: gradient {hasGradient}");
        }

        // λ = 0: the masked Poisson loss alone, and no draws from the batch's stream.
        var plain = Model(5, options: new StndtOptions { ContrastLambda = 0 });
        plain.eval();
        var state = generator.get_state();
        double own = plain.TrainingLoss(batch).Loss.to_type(ScalarType.Float64).item<double>();
        Assert.True(generator.get_state().allclose(state, 0, 0));
        double masked = MaskedPoissonLoss.Mean(plain.Forward(batch.Input).LogRates, batch.Labels).to_type(ScalarType.Float64).item<double>();
        Assert.Equal(masked, own, 5);

        // λ > 0 adds λ times the contrastive term of the views drawn next from the stream.
        var withContrast = Model(5, options: new StndtOptions { ContrastLambda = 0.3 });
        withContrast.eval();
        var before = generator.get_state();
        double total = withContrast.TrainingLoss(batch).Loss.to_type(ScalarType.Float64).item<double>();
        generator.set_state(before);
        double term = withContrast.ContrastiveLoss(batch).to_type(ScalarType.Float64).item<double>();
        Assert.Equal(masked + 0.3 * term, total, 4);
    }

    [Fact]
    public void TrainerStepsReduceTheLoss()
    {
        var options = TrainingTestData.Fast with { Epochs = 12, MaskMode = MaskMode.Full, Lr = 1e-2 };
        using var data = TrainingTestData.Data(options);
        var model = Model(6, Small with { Layers = 1 }, layout: data.Layout);
        using var trainer = new Trainer(model, data, options);
        double before = trainer.ValidationLoss();
        var result = trainer.Run(new TrainingRunOptions());
        Assert.True(result.BestValLoss < 0.8 * before, $"validation loss {before} → {result.BestValLoss}");
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss);
    }

    [Fact]
    public void EmbedTeacherStartsAsTheStudentAndConcatTeacherUsesBehavior()
    {
        using var scope = NewDisposeScope();
        var layout = Layout();
        var student = Model(9);
        var embed = Model(9, Small with { BehaviorFusion = BehaviorFusion.Embed }, behaviorDims: 2);
        var concat = Model(9, behaviorDims: 2);
        foreach (var m in new[] { student, embed, concat }) m.eval();
        using var _ = no_grad();
        var spikes = rand(2, layout.Bins, layout.Neurons);
        var behavior = randn(2, layout.Bins, 2);
        Assert.True(embed.Forward(spikes, behavior).LogRates.allclose(student.Forward(spikes).LogRates, 1e-5, 1e-6));
        var withBehavior = concat.Forward(spikes, behavior).LogRates;
        Assert.Equal([2L, layout.Bins, layout.Neurons], withBehavior.shape);
        Assert.False(withBehavior.allclose(concat.Forward(spikes, behavior * 2).LogRates, 1e-4, 1e-5));
        Assert.Throws<ArgumentException>(() => concat.Forward(spikes));
    }

    [Theory]
    [InlineData("hard", BehaviorFusion.Concat)]
    [InlineData("soft", BehaviorFusion.Embed)]
    [InlineData("correlation", BehaviorFusion.Concat)]
    [InlineData("feature", BehaviorFusion.Concat)]
    [InlineData("feature", BehaviorFusion.Embed)]
    public void StudentLearnsUnderDistillationFromAFrozenTeacher(string strategyName, BehaviorFusion fusion)
    {
        using var scope = NewDisposeScope();
        var layout = Layout();
        using var generator = new Generator(21, CPU);
        var teacher = Model(10, Small with { BehaviorFusion = fusion }, behaviorDims: 2);
        teacher.FitBehavior(randn(8, layout.Bins, 2));
        var student = Model(11);
        IDistillationStrategy strategy = strategyName switch
        {
            "hard" => new HardDistillation(),
            "soft" => new SoftDistillation(),
            "correlation" => new CorrelationDistillation(),
            _ => new FeatureDistillation(student.FeatureWidth, teacher.FeatureWidth, student.FeatureLayers),
        };
        Assert.Equal(fusion == BehaviorFusion.Concat ? 18 : 14, teacher.FeatureWidth);
        var objective = new DistillationObjective(teacher, strategy, alpha: 0.5);
        var teacherBefore = teacher.parameters().Select(p => p.clone()).ToArray();
        var parameters = student.parameters().Concat(objective.Parameters.Select(p => p.Parameter)).ToArray();
        var optimizer = optim.Adam(parameters, 3e-3);
        var batch = Batch(layout, 8, generator);
        double first = 0, last = 0;
        for (int step = 0; step < 8; step++)
        {
            optimizer.zero_grad();
            var loss = objective.Loss(student, batch);
            Assert.False(double.IsNaN(loss.to_type(ScalarType.Float64).item<double>()));
            if (step == 0) first = loss.to_type(ScalarType.Float64).item<double>();
            last = loss.to_type(ScalarType.Float64).item<double>();
            loss.backward();
            optimizer.step();
        }
        Assert.True(last < first, $"{strategyName}: distillation loss {first} → {last}");
        Assert.All(teacher.parameters().Zip(teacherBefore), p => Assert.True(p.First.allclose(p.Second, 0, 0)));
        Assert.All(objective.Parameters, p => Assert.NotNull(p.Parameter.grad));
    }

    [Fact]
    public void CheckpointsRoundTripThroughTrainerLoadModel()
    {
        using var temp = new TempFolder();
        var options = TrainingTestData.Fast with { Epochs = 2, ValInterval = 1, MaskMode = MaskMode.Full };
        using var data = TrainingTestData.Data(options);
        var transformer = Small with { Layers = 1, BehaviorFusion = BehaviorFusion.Concat };
        var teacher = Model(12, transformer, layout: data.Layout, behaviorDims: 2);
        using var trainer = new Trainer(teacher, data, options);
        trainer.Run(new TrainingRunOptions { CheckpointFolder = temp.Path });
        var copy = Model(13, transformer, layout: data.Layout, behaviorDims: 2);
        Assert.NotEqual(TrainingTestData.Parameters(teacher), TrainingTestData.Parameters(copy));
        Trainer.LoadModel(Path.Combine(temp.Path, Trainer.LastCheckpoint), copy);
        Assert.Equal(TrainingTestData.Parameters(teacher), TrainingTestData.Parameters(copy));
        // the behavior statistics travel too, so predictions agree
        using var scope = NewDisposeScope();
        var a = RatePrediction.Predict(teacher, data.Layout, data.EvalSpikes, data.EvalBehavior, 4);
        var b = RatePrediction.Predict(copy, data.Layout, data.EvalSpikes, data.EvalBehavior, 8);
        Assert.Equal(a.Values, b.Values);
        var student = Model(12, transformer, layout: data.Layout);
        Assert.Contains("do not fit this model", Assert.Throws<BlendInputException>(() => Trainer.LoadModel(Path.Combine(temp.Path, Trainer.LastCheckpoint), student)).Message);
    }

    [Fact]
    public void ShippedStndtConfigsLoadAndBuildTheirModels()
    {
        string Configs(string name) => Path.Combine(NlbTestFiles.RepoRoot, "configs", name);
        var reference = TrainingConfig.Load(Configs("stndt.yaml"));
        Assert.Equal("stndt", reference.Architecture);
        Assert.Equal(new StndtOptions(), reference.Stndt);
        Assert.Equal(MaskMode.Full, reference.Training.MaskMode);
        Assert.Equal(3000, reference.Training.Patience);

        var synthetic = TrainingConfig.Load(Configs("stndt-synthetic.yaml"));
        Assert.Equal("stndt", synthetic.Architecture);
        Assert.Equal(MaskMode.Full, synthetic.Training.MaskMode);
        using (NewDisposeScope())
            Assert.IsType<StndtModel>(ModelFactory.Create(synthetic, new TrialLayout(137, 45, 140, 40, 2)));

        var demo = ExperimentConfig.Load(Configs("blend-demo-stndt.yaml"));
        Assert.Equal("stndt", demo.Training.Architecture);
        Assert.Equal(3, demo.Experiment.Seeds);
        using (NewDisposeScope())
        {
            var teacher = ModelFactory.Create(demo.Training, new TrialLayout(60, 20, 35, 10, 2), withBehavior: true);
            Assert.Equal(80, teacher.FeatureWidth);
        }
    }
}
