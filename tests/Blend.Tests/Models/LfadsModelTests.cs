using Blend.Distillation;
using Blend.Experiments;
using Blend.Models;
using Blend.Tests.Data;
using Blend.Tests.Experiments;
using Blend.Tests.Training;
using Blend.Training;
using TorchSharp;
using static TorchSharp.torch;
using Blend.Data;
using Blend.Evaluation.Results;

namespace Blend.Tests.Models;

[Collection(TorchTrainingCollection.Name)]
public class LfadsModelTests
{
    private static readonly TrialLayout Layout = new(HeldinNeurons: 6, HeldoutNeurons: 3, MainBins: 10, ForwardBins: 4, BehaviorDims: 2);

    /// <summary>LFADS sized for tests: every piece present, a few thousand parameters.</summary>
    private static LfadsOptions Small(LfadsBehaviorInput input = LfadsBehaviorInput.Generator) => new()
    {
        IcEncDim = 5, CiEncDim = 4, ConDim = 4, CoDim = 2, IcDim = 3, GenDim = 6, FacDim = 3, Dropout = 0.1, CdRate = 0.3,
        KlIcScale = 1e-3, KlCoScale = 1e-3, KlRampEpochs = 0, L2GenScale = 1e-2, L2ConScale = 1e-2, BehaviorInput = input,
    };

    private static LfadsModel Model(LfadsOptions options, int seed = 7, int behaviorDims = 0)
    {
        random.manual_seed(seed);
        return new LfadsModel(options, new NdtOptions(), Layout, behaviorDims);
    }

    /// <summary>Poisson-ish counts B × 14 × 9 with one unobserved (NaN) entry.</summary>
    private static Tensor Spikes(int trials = 4, int seed = 1)
    {
        random.manual_seed(seed);
        var spikes = rand(trials, Layout.Bins, Layout.Neurons).mul(3).floor();
        spikes[0, 2, 1] = tensor(float.NaN);
        return spikes;
    }

    private static MaskedBatch Batch(Tensor spikes, Generator? generator = null, Tensor? behavior = null, int epoch = 0) =>
        new(zeros_like(spikes), full_like(spikes, Masker.Unscored), behavior) { Spikes = spikes, Generator = generator, Epoch = epoch };

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    [Fact]
    public void LatentsAreTheFactorsGeneratorStatesAndInferredInputsOfThePosteriorMeanPass()
    {
        using var model = Model(Small());
        model.eval();
        using var noGrad = no_grad();
        var input = Spikes().nan_to_num(0);
        var latents = model.PredictLatents(input, null);
        Assert.Equal(["factors", "generator_states", "inferred_inputs"], latents.Select(l => l.Name));
        Assert.Equal(new long[] { 4, Layout.Bins, 3 }, latents[0].Value.shape);
        Assert.Equal(new long[] { 4, Layout.Bins, 6 }, latents[1].Value.shape);
        Assert.Equal(new long[] { 4, Layout.Bins, 2 }, latents[2].Value.shape);
        // The factors are those of the pass the rates come from: the readout of them gives the predicted log-rates.
        Assert.True(model.Forward(input).LayerFeatures[0].allclose(latents[0].Value, rtol: 1e-5, atol: 1e-6));
        using var noController = Model(Small() with { CiEncDim = 0, ConDim = 0, CoDim = 0 });
        noController.eval();
        Assert.Equal(["factors", "generator_states"], noController.PredictLatents(input, null).Select(l => l.Name));
    }

    [Fact]
    public void ClippedGruStepMatchesAHandComputedStep()
    {
        using var scope = NewDisposeScope();
        var cell = new ClippedGruCell(1, 2, clip: 5, 1, 1);
        // Rows: z (2), r (2), n (2); W_ih 6 × 1, W_hh 6 × 2.
        double[] wi = [0.5, -0.3, 0.2, 0.1, -0.4, 0.7];
        double[,] wh = { { 0.1, 0.2 }, { -0.2, 0.3 }, { 0.4, -0.1 }, { 0.05, 0.15 }, { 0.6, -0.5 }, { -0.3, 0.8 } };
        double[] b = [1, 1, 1, 1, 0, 0];
        using (no_grad())
        {
            cell.InputWeight.copy_(tensor(wi.Select(v => (float)v).ToArray(), [6, 1]));
            cell.RecurrentWeight.copy_(tensor(new float[] { 0.1f, 0.2f, -0.2f, 0.3f, 0.4f, -0.1f, 0.05f, 0.15f, 0.6f, -0.5f, -0.3f, 0.8f }, [6, 2]));
        }
        double x = 0.8;
        double[] h = [0.3, -0.6];
        var next = cell.Forward(tensor(new float[] { (float)x }, [1, 1]), tensor(h.Select(v => (float)v).ToArray(), [1, 2]));

        var expected = new double[2];
        for (int j = 0; j < 2; j++)
        {
            double z = Sigmoid(wi[j] * x + b[j] + wh[j, 0] * h[0] + wh[j, 1] * h[1]);
            double r0 = Sigmoid(wi[2] * x + b[2] + wh[2, 0] * h[0] + wh[2, 1] * h[1]);
            double r1 = Sigmoid(wi[3] * x + b[3] + wh[3, 0] * h[0] + wh[3, 1] * h[1]);
            // The reset gate multiplies h before the recurrent matmul.
            double n = Math.Tanh(wi[4 + j] * x + b[4 + j] + wh[4 + j, 0] * r0 * h[0] + wh[4 + j, 1] * r1 * h[1]);
            expected[j] = z * h[j] + (1 - z) * n;
        }
        var actual = next.to_type(ScalarType.Float64).data<double>().ToArray();
        Assert.Equal(expected[0], actual[0], 5);
        Assert.Equal(expected[1], actual[1], 5);
    }

    [Fact]
    public void CellStateIsClampedToTheClip()
    {
        using var scope = NewDisposeScope();
        var cell = new ClippedGruCell(1, 2, clip: 5, 1, 1);
        using (no_grad())
        {
            cell.RecurrentWeight.zero_();
            cell.InputBias.copy_(tensor(new float[] { 50, 50, 1, 1, 0, 0 })); // z ≈ 1: keep the old state
        }
        var next = cell.Forward(zeros(1, 1), tensor(new float[] { 12, -9 }, [1, 2]));
        Assert.Equal([5f, -5f], next.data<float>().ToArray());
        // Inside the clip the state is kept.
        Assert.Equal([2f, -3f], cell.Forward(zeros(1, 1), tensor(new float[] { 2, -3 }, [1, 2])).data<float>().ToArray());
    }

    [Fact]
    public void CellInitHasTheForgetBiasAndFanInScale()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(1);
        var cell = new ClippedGruCell(400, 100, 5, inputScale: 400, hiddenScale: 100);
        Assert.Equal([.. Enumerable.Repeat(1f, 200), .. Enumerable.Repeat(0f, 100)], cell.InputBias.data<float>().ToArray());
        Assert.Equal(1 / Math.Sqrt(400), cell.InputWeight.std().item<float>(), 2);
        Assert.Equal(1 / Math.Sqrt(100), cell.RecurrentWeight.std().item<float>(), 2);
    }

    [Fact]
    public void IcKlMatchesTheClosedForm()
    {
        using var scope = NewDisposeScope();
        var prior = new LfadsIcPrior(2, variance: 0.1);
        using (no_grad()) prior.Mean.copy_(tensor(new float[] { 0.2f, -0.1f }));
        double[,] mu = { { 0.5, -0.3 }, { 0.0, 0.4 } }, sd = { { 0.2, 0.5 }, { 1.0, 0.3 } };
        double[] pm = [0.2, -0.1];
        double expected = 0;
        for (int b = 0; b < 2; b++)
            for (int d = 0; d < 2; d++)
            {
                // KL(N(μq, σq²) ‖ N(μp, σp²)) = ½[ln(σp²/σq²) + (σq² + (μq − μp)²)/σp² − 1]
                double vq = sd[b, d] * sd[b, d], diff = mu[b, d] - pm[d];
                expected += 0.5 * (Math.Log(0.1 / vq) + (vq + diff * diff) / 0.1 - 1) / 2;
            }
        var kl = prior.Kl(tensor(new float[] { 0.5f, -0.3f, 0, 0.4f }, [2, 2]), tensor(new float[] { 0.2f, 0.5f, 1, 0.3f }, [2, 2]));
        Assert.Equal(expected, kl.item<float>(), 4);
    }

    [Fact]
    public void Ar1LogDensityMatchesTheStationaryStartAndConditionalSteps()
    {
        using var scope = NewDisposeScope();
        double tau = 4, nu = 0.3;
        var prior = new Ar1Prior(1, tau, nu);
        double[] u = [0.4, -0.1, 0.7, 0.2, -0.5];
        double alpha = Math.Exp(-1 / tau);
        static double LogNormal(double x, double mean, double variance) =>
            -0.5 * (Math.Log(2 * Math.PI * variance) + (x - mean) * (x - mean) / variance);
        double expected = LogNormal(u[0], 0, nu / (1 - alpha * alpha));
        for (int t = 1; t < u.Length; t++) expected += LogNormal(u[t], alpha * u[t - 1], nu);
        var sequence = tensor(u.Select(v => (float)v).ToArray(), [1, 5, 1]);
        Assert.Equal(expected, prior.LogDensity(sequence).item<float>(), 4);

        // The KL estimate at a given noise: ln q(ũ) − ln p(ũ) with ũ = μ + σ·ε.
        var mean = tensor(new float[] { 0.1f, 0.2f, 0.3f, 0.1f, 0 }, [1, 5, 1]);
        var std = full(1, 5, 1, 0.5f);
        var noise = tensor(new float[] { 0.6f, -0.6f, 0.8f, 0.2f, -1 }, [1, 5, 1]);
        double logQ = 0;
        for (int t = 0; t < 5; t++)
        {
            double m = mean[0, t, 0].item<float>(), e = noise[0, t, 0].item<float>();
            logQ += LogNormal(m + 0.5 * e, m, 0.25);
        }
        var sample = mean + std * noise;
        double expectedKl = logQ - prior.LogDensity(sample).item<float>();
        Assert.Equal(expectedKl, prior.Kl(mean, std, noise).item<float>(), 4);
    }

    [Fact]
    public void FactorMapRowsHaveUnitNorm()
    {
        using var scope = NewDisposeScope();
        var map = new KernelNormalizedLinear(5, 3);
        var weight = map.NormalizedWeight();
        Assert.True(weight.norm(1).allclose(ones(3), 1e-5, 1e-6));
        var x = randn(2, 5);
        Assert.True(map.Forward(x).allclose(x.matmul(weight.t()), 1e-5, 1e-6));
    }

    [Fact]
    public void CiLagShiftsForwardLaterAndBackwardEarlierThenPads()
    {
        using var scope = NewDisposeScope();
        // B = 1, T = 4, H = 1: forward column 1..4, backward column 10..40.
        var outputs = tensor(new float[] { 1, 10, 2, 20, 3, 30, 4, 40 }, [1, 4, 2]);
        var lagged = LfadsModel.LagAndPad(outputs, hidden: 1, lag: 1, bins: 6);
        Assert.Equal([0f, 20, 1, 30, 2, 40, 3, 0, 0, 0, 0, 0], lagged.data<float>().ToArray());
        Assert.Equal([1f, 10, 2, 20, 3, 30, 4, 40, 0, 0], LfadsModel.LagAndPad(outputs, 1, 0, 5).data<float>().ToArray());
    }

    [Fact]
    public void CoordinatedDropoutPassesGradientOnlyFromHiddenEntries()
    {
        using var scope = NewDisposeScope();
        var model = Model(Small());
        model.train();
        var spikes = Spikes();
        using var generator = new Generator(11, CPU);
        using var replay = new Generator(11, CPU);
        var own = model.TrainingLoss(Batch(spikes, generator));
        var logRates = own.Output.LogRates;
        var gradient = autograd.grad([own.Loss], [logRates])[0];

        // The keep-mask is the model's first draw from the batch generator.
        var keep = rand([4, Layout.MainBins, Layout.HeldinNeurons], generator: replay).ge(0.3);
        var heldinMain = gradient.narrow(1, 0, Layout.MainBins).narrow(2, 0, Layout.HeldinNeurons);
        Assert.True(heldinMain.masked_select(keep).eq(0).all().item<bool>());
        var hidden = keep.logical_not().logical_and(spikes.narrow(1, 0, Layout.MainBins).narrow(2, 0, Layout.HeldinNeurons).isnan().logical_not());
        Assert.True(heldinMain.masked_select(hidden).ne(0).all().item<bool>());
        // Held-out neurons and forward bins always carry gradient; the unobserved entry never does.
        Assert.True(gradient.narrow(2, Layout.HeldinNeurons, Layout.HeldoutNeurons).ne(0).all().item<bool>());
        Assert.True(gradient.narrow(1, Layout.MainBins, Layout.ForwardBins).ne(0).all().item<bool>());
        Assert.Equal(0, gradient[0, 2, 1].item<float>());
        Assert.True(own.Loss.isfinite().item<bool>());
    }

    [Fact]
    public void TheLossValueIsTheFullReconPlusRampedPenalties()
    {
        using var scope = NewDisposeScope();
        var options = Small() with { Dropout = 0, CdRate = 0, KlIcScale = 0, KlCoScale = 0, L2GenScale = 0, L2ConScale = 0 };
        var model = Model(options);
        var spikes = Spikes();
        var own = model.TrainingLoss(Batch(spikes));
        var (sum, count) = MaskedPoissonLoss.SumAndCount(own.Output.LogRates, spikes.nan_to_num(Masker.Unscored));
        Assert.Equal((sum / count).item<double>(), own.Loss.item<float>(), 4);
        Assert.Equal(1 / 81.0, LfadsModel.Ramp(0, 0, 80), 12);
        Assert.Equal(1, LfadsModel.Ramp(80, 0, 80));
        Assert.Equal(0, LfadsModel.Ramp(3, 5, 10));
    }

    [Fact]
    public void L2PenaltyCoversTheScaledRecurrentKernels()
    {
        using var scope = NewDisposeScope();
        var model = Model(Small() with { L2GenScale = 0.5, L2ConScale = 0 });
        var kernel = model.Generator.RecurrentWeight;
        double expected = 0.5 * 0.5 * kernel.square().sum().item<float>() / (kernel.numel() + 1e-8);
        Assert.Equal(expected, model.L2Penalty()!.item<float>(), 5);
        Assert.Null(Model(Small() with { L2GenScale = 0, L2ConScale = 0 }).L2Penalty());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ShapesCoverAllBinsAndNeurons(bool controller)
    {
        using var scope = NewDisposeScope();
        var model = Model(controller ? Small() : Small() with { CoDim = 0 });
        Assert.Equal(controller, model.HasController);
        var output = model.Forward(Spikes(3).nan_to_num(0));
        Assert.Equal([3L, Layout.Bins, Layout.Neurons], output.LogRates.shape);
        Assert.Equal([3L, Layout.Bins, 3], Assert.Single(output.LayerFeatures).shape);
        Assert.Equal(3, model.FeatureWidth);
        Assert.False(model.UsesMaskedInput);
        Assert.Equal(1e4, model.LossScale);
    }

    [Fact]
    public void EvalModeUsesPosteriorMeansAndTrainingModeSamples()
    {
        using var scope = NewDisposeScope();
        var model = Model(Small());
        var input = Spikes().nan_to_num(0);
        model.eval();
        using (no_grad())
        {
            Assert.True(model.Forward(input).LogRates.allclose(model.Forward(input).LogRates, 0, 0));
            // Averaging sampled passes differs from the posterior mean, and is reproducible only by reseeding.
            var sampled = new LfadsModel(Small() with { PosteriorSamples = 3 }, new NdtOptions(), Layout);
            sampled.load_state_dict(model.state_dict());
            sampled.eval();
            Assert.False(sampled.PredictLogRates(input, null).allclose(model.PredictLogRates(input, null), 0, 0));
            Assert.True(model.PredictLogRates(input, null).allclose(model.Forward(input).LogRates, 0, 0));
        }
        model.train();
        Assert.False(model.Forward(input).LogRates.allclose(model.Forward(input).LogRates, 0, 0));
    }

    [Fact]
    public void TeacherInputIsTheUnmaskedHeldinBlock()
    {
        using var scope = NewDisposeScope();
        var model = Model(Small());
        var spikes = Spikes();
        var input = model.TeacherInput(Batch(spikes));
        var expected = new Masker(new MaskingOptions(), Layout).UnmaskedInput(spikes);
        Assert.True(input.allclose(expected, 0, 0));
    }

    [Theory]
    [InlineData(LfadsBehaviorInput.Generator)]
    [InlineData(LfadsBehaviorInput.Encoder)]
    public void TeacherStartsAsTheStudentAndLearnsToUseBehavior(LfadsBehaviorInput input)
    {
        using var scope = NewDisposeScope();
        var student = Model(Small(input));
        var teacher = Model(Small(input), behaviorDims: 2);
        Assert.Equal(student.FeatureWidth, teacher.FeatureWidth);
        var spikes = Spikes();
        random.manual_seed(3);
        var behavior = randn(4, Layout.Bins, 2);
        behavior[1, 4, 0] = tensor(float.NaN);
        teacher.FitBehavior(behavior);
        student.eval();
        teacher.eval();
        var unmasked = teacher.TeacherInput(Batch(spikes));
        using (no_grad())
            Assert.True(teacher.Forward(unmasked, behavior).LogRates.allclose(student.Forward(unmasked).LogRates, 1e-5, 1e-6));

        teacher.train();
        var optimizer = optim.Adam(teacher.parameters(), 1e-2);
        using var generator = new Generator(2, CPU);
        for (int step = 0; step < 2; step++)
        {
            optimizer.zero_grad();
            teacher.TrainingLoss(Batch(spikes, generator, behavior)).Loss.backward();
            optimizer.step();
        }
        teacher.eval();
        using (no_grad())
        {
            var withBehavior = teacher.Forward(unmasked, behavior).LogRates;
            Assert.False(withBehavior.isnan().any().item<bool>());
            Assert.False(withBehavior.allclose(teacher.Forward(unmasked, -behavior).LogRates, 1e-4, 1e-5));
        }
    }

    [Theory]
    [InlineData("hard", LfadsBehaviorInput.Generator)]
    [InlineData("soft", LfadsBehaviorInput.Encoder)]
    [InlineData("correlation", LfadsBehaviorInput.Generator)]
    [InlineData("feature", LfadsBehaviorInput.Encoder)]
    public void StudentTrainsUnderDistillationFromAFrozenTeacher(string strategyName, LfadsBehaviorInput input)
    {
        using var scope = NewDisposeScope();
        var teacher = Model(Small(input), seed: 1, behaviorDims: 2);
        var student = Model(Small(input), seed: 2);
        IDistillationStrategy strategy = strategyName switch
        {
            "hard" => new HardDistillation(),
            "soft" => new SoftDistillation(),
            "correlation" => new CorrelationDistillation(),
            _ => new FeatureDistillation(student.FeatureWidth, teacher.FeatureWidth, student.FeatureLayers),
        };
        var spikes = Spikes();
        var behavior = randn(4, Layout.Bins, 2);
        teacher.FitBehavior(behavior);
        teacher.train();
        var objective = new DistillationObjective(teacher, strategy, alpha: 0.5);
        var teacherBefore = teacher.parameters().Select(p => p.clone()).ToArray();
        var studentBefore = student.parameters().Select(p => p.clone()).ToArray();
        student.train();
        var optimizer = optim.Adam(student.parameters().Concat(objective.Parameters.Select(p => p.Parameter)), 1e-2);
        using var generator = new Generator(4, CPU);
        for (int step = 0; step < 2; step++)
        {
            optimizer.zero_grad();
            var loss = objective.Loss(student, Batch(spikes, generator, behavior));
            Assert.True(loss.isfinite().item<bool>());
            loss.backward();
            optimizer.step();
        }
        Assert.All(teacher.parameters().Zip(teacherBefore), pair => Assert.True(pair.First.allclose(pair.Second, 0, 0)));
        Assert.Contains(student.parameters().Zip(studentBefore), pair => !pair.First.allclose(pair.Second, 0, 0));
    }

    [Fact]
    public void TrainerStepsReduceTheValidationLossAndCheckpointsRoundTrip()
    {
        using var temp = new TempFolder();
        var options = TrainingTestData.Fast with { Epochs = 6, ValInterval = 6, Lr = 1e-2, MaxGradNorm = 200, WeightDecay = 0 };
        using var data = TrainingTestData.Data(options);
        var lfads = new LfadsOptions
        {
            IcEncDim = 8, CiEncDim = 6, ConDim = 6, CoDim = 2, IcDim = 6, GenDim = 12, FacDim = 5, Dropout = 0.05, KlRampEpochs = 2,
        };
        var config = new TrainingConfig { Architecture = "lfads", Lfads = lfads, Training = options };
        using var model = TorchGlobalState.Seeded(3, () => ModelFactory.Create(config, data.Layout));
        using var trainer = new Trainer(model, data, options);
        double before = trainer.ValidationLoss();
        var result = trainer.Run(new TrainingRunOptions { CheckpointFolder = temp.File("checkpoints") });
        Assert.True(result.BestValLoss < before - 0.01, $"validation loss {before} → {result.BestValLoss}");

        using var restored = TorchGlobalState.Seeded(99, () => ModelFactory.Create(config, data.Layout));
        Trainer.LoadModel(Path.Combine(temp.File("checkpoints"), Trainer.LastCheckpoint), restored);
        model.eval();
        restored.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (spikes, _) = data.Validation.Batch(0, 4);
        var input = new Masker(new MaskingOptions(), data.Layout).UnmaskedInput(spikes);
        Assert.True(restored.Forward(input).LogRates.allclose(model.Forward(input).LogRates, 0, 0));
    }

    [Fact]
    public void BlendExperimentRunsWithLfadsTeacherAndStudents()
    {
        using var temp = new TempFolder();
        var results = BlendExperiment.Run(new ExperimentRequest
        {
            DataFolder = BlendExperimentTests.DataFolder.Value,
            OutputFolder = temp.File("experiment"),
            Config = ExperimentConfig.Load(null, [
                "model.architecture=lfads", "lfads.ic_enc_dim=6", "lfads.ci_enc_dim=4", "lfads.con_dim=4", "lfads.co_dim=2", "lfads.ic_dim=4",
                "lfads.gen_dim=8", "lfads.fac_dim=4", "lfads.behavior_input=encoder", "training.epochs=2", "training.val_interval=1",
                "training.batch_size=8", "training.lr=3e-3", "training.threads=1", "experiment.seeds=1", "distillation.strategies=hard,feature",
                "experiment.smoothing_reference=false",
            ]),
        });
        Assert.Equal(["baseline", "student-hard", "student-feature", ExperimentResults.DistillBestName, "teacher"], results.Models.Select(m => m.Model));
        Assert.All(results.Models.SelectMany(m => m.Runs), run => Assert.True(double.IsFinite(run.Metrics[Blend.Evaluation.NlbMetricNames.CoBps])));
    }

    [Fact]
    public void ShippedLfadsConfigsLoad()
    {
        string Configs(string name) => Path.Combine(NlbTestFiles.RepoRoot, "configs", name);
        var defaults = TrainingConfig.Load(Configs("lfads.yaml"));
        Assert.Equal("lfads", defaults.Architecture);
        Assert.Equal(new LfadsOptions(), defaults.Lfads);
        Assert.Equal("lfads", TrainingConfig.Load(Configs("lfads-synthetic.yaml")).Architecture);
        var demo = ExperimentConfig.Load(Configs("blend-demo-lfads.yaml"));
        Assert.Equal("lfads", demo.Training.Architecture);
    }
}
