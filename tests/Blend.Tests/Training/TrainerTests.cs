using Blend.Models;
using Blend.Tests.Data;
using Blend.Training;
using static TorchSharp.torch;

namespace Blend.Tests.Training;

[Collection(TorchTrainingCollection.Name)]
public class TrainerTests
{
    [Fact]
    public void TrainingReducesTheValidationLoss()
    {
        using var data = TrainingTestData.Data();
        var model = TrainingTestData.Model(data);
        using var trainer = new Trainer(model, data, TrainingTestData.Fast with { Epochs = 30 });
        double before = trainer.ValidationLoss();
        var result = trainer.Run(new TrainingRunOptions());
        Assert.Equal(StopReason.EpochsReached, result.Reason);
        Assert.Equal(30, result.Epoch);
        Assert.Equal(30L * trainer.BatchesPerEpoch, result.Step);
        Assert.Equal(10, result.History.Count);
        Assert.True(result.BestValLoss < 0.8 * before, $"validation loss {before} → {result.BestValLoss}");
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss);
        Assert.True(result.History[0].Lr > 0);
    }

    [Fact]
    public void ResumingAStoppedRunReproducesTheUninterruptedRun()
    {
        using var temp = new TempFolder();
        var options = TrainingTestData.Fast with { Epochs = 11, ValidationMask = ValidationMask.Fresh, MaskMaxSpan = 3, MaskSpanRampStart = 0, MaskSpanRampEnd = 4 };
        using var data = TrainingTestData.Data(options);

        float[] straightParameters;
        TrainingResult straight;
        using (var trainer = new Trainer(TrainingTestData.Model(data), data, options))
        {
            straight = trainer.Run(new TrainingRunOptions { CheckpointFolder = temp.File("a"), MetricsFile = temp.File("a.jsonl") });
            straightParameters = TrainingTestData.Parameters(trainer.Model);
        }

        // Stop after 4 epochs (between validations), then again after 7, each time in a new trainer, as a new process would.
        var runB = new TrainingRunOptions { CheckpointFolder = temp.File("b"), MetricsFile = temp.File("b.jsonl") };
        using (var trainer = new Trainer(TrainingTestData.Model(data), data, options))
            Assert.Equal(StopReason.MaxEpochs, trainer.Run(runB with { MaxEpochs = 4 }).Reason);
        random.manual_seed(12345); // whatever happens to the global generator in between is undone by the checkpoint
        using (var trainer = new Trainer(TrainingTestData.Model(data, seed: 99), data, options))
            Assert.Equal(StopReason.MaxEpochs, trainer.Run(runB with { MaxEpochs = 7, Resume = true }).Reason);
        using (var trainer = new Trainer(TrainingTestData.Model(data, seed: 98), data, options))
        {
            var resumed = trainer.Run(runB with { Resume = true });
            Assert.Equal(straightParameters, TrainingTestData.Parameters(trainer.Model)); // bitwise
            Assert.Equal(straight.Step, resumed.Step);
            Assert.Equal(straight.BestValLoss, resumed.BestValLoss);
            Assert.Equal(straight.History.Select(h => (h.Epoch, h.TrainLoss, h.ValLoss, h.Lr)), resumed.History.Select(h => (h.Epoch, h.TrainLoss, h.ValLoss, h.Lr)));
        }
        static string[] Lines(string path) => File.ReadAllLines(path).Select(l => Trainer.ParseMetricsLine(l) with { Seconds = 0 }).Select(Trainer.MetricsLine).ToArray();
        Assert.Equal(Lines(temp.File("a.jsonl")), Lines(temp.File("b.jsonl")));
    }

    [Fact]
    public void CheckpointsRoundTripParametersAndPredictions()
    {
        using var temp = new TempFolder();
        using var data = TrainingTestData.Data();
        using var trainer = new Trainer(TrainingTestData.Model(data), data, TrainingTestData.Fast with { Epochs = 3 });
        trainer.Run(new TrainingRunOptions { CheckpointFolder = temp.Path });
        string best = Path.Combine(temp.Path, Trainer.BestCheckpoint);
        Assert.True(File.Exists(best));
        Assert.True(File.Exists(Path.Combine(temp.Path, Trainer.LastCheckpoint)));
        Assert.Empty(Directory.GetFiles(temp.Path, ".*")); // no temporary files left

        var copy = TrainingTestData.Model(data, seed: 77);
        Assert.NotEqual(TrainingTestData.Parameters(trainer.Model), TrainingTestData.Parameters(copy));
        Trainer.LoadModel(best, copy);
        Assert.Equal(TrainingTestData.Parameters(trainer.Model), TrainingTestData.Parameters(copy));
        var a = RatePrediction.Submission(trainer.Model, data, 5);
        var b = RatePrediction.Submission(copy, data, 64);
        NlbTestFiles.AssertSame(a, b); // also: batch size does not change predictions
        Assert.Equal([24, 30, 20], a.TrainRatesHeldin.Shape);
        Assert.Equal([8, 30, 8], a.EvalRatesHeldout.Shape);
        Assert.Equal([8, 6, 20], a.EvalRatesHeldinForward!.Shape);
        Assert.All(a.EvalRatesHeldoutForward!.Values, v => Assert.True(v > 0 && double.IsFinite(v)));

        // The rates are exp(log-rates) of the model (eval mode) on the held-in main bins, zeros elsewhere.
        using (var scope = NewDisposeScope())
        {
            var input = zeros(1, 36, 28);
            input.narrow(1, 0, 30).narrow(2, 0, 20).copy_(data.EvalSpikes.narrow(0, 3, 1).narrow(1, 0, 30).narrow(2, 0, 20));
            var expected = trainer.Model.Forward(input).LogRates.exp()[0];
            Assert.Equal(expected[7, 22].item<float>(), (float)a.EvalRatesHeldout[3, 7, 2], 5);
            Assert.Equal(expected[33, 5].item<float>(), (float)a.EvalRatesHeldinForward![3, 3, 5], 5);
            Assert.Equal(expected[2, 4].item<float>(), (float)a.EvalRatesHeldin[3, 2, 4], 5);
        }

        // A checkpoint of another model type, or a damaged file, is refused with a one-line message.
        var conv = new TemporalConvModel(new NdtOptions { Layers = 1, HiddenSize = 8 }, 28, 36);
        Assert.Contains("checkpoint of a LinearTestModel", Assert.ThrowsAny<BlendInputException>(() => Trainer.LoadModel(best, conv)).Message);
        string damaged = temp.File("damaged.pt");
        File.WriteAllBytes(damaged, File.ReadAllBytes(best)[..200]);
        Assert.Contains("damaged", Assert.ThrowsAny<BlendInputException>(() => Trainer.LoadModel(damaged, copy)).Message);
    }

    /// <summary>An objective whose gradient is zero: parameters (and so the validation loss) never change.</summary>
    private sealed class FrozenObjective : ITrainingObjective
    {
        public Tensor Loss(NeuralDynamicsModel model, MaskedBatch batch) =>
            model.parameters().Select(p => p.sum()).Aggregate((a, b) => a.add(b)).mul(0);
    }

    [Fact]
    public void StopsEarlyWhenValidationDoesNotImproveForMoreThanPatienceEpochs()
    {
        using var data = TrainingTestData.Data();
        var options = TrainingTestData.Fast with { Epochs = 100, ValInterval = 2, Patience = 5, WeightDecay = 0 };
        using var trainer = new Trainer(TrainingTestData.Model(data), data, options, new FrozenObjective());
        var result = trainer.Run(new TrainingRunOptions());
        Assert.Equal(StopReason.EarlyStopped, result.Reason);
        Assert.Equal(2, result.BestEpoch);
        Assert.Equal(8, result.Epoch); // the first validation with epoch − best epoch > patience
        Assert.All(result.History, h => Assert.Equal(result.BestValLoss, h.ValLoss)); // the fixed mask: identical values
        Assert.True(result.Finished);
    }

    [Fact]
    public void StepScheduleSetsTheRatePerOptimizerStep()
    {
        using var data = TrainingTestData.Data();
        var options = TrainingTestData.Fast with { Epochs = 3, ValInterval = 1, Warmup = 4, ScheduleUnit = ScheduleUnit.Step };
        using var trainer = new Trainer(TrainingTestData.Model(data), data, options);
        var result = trainer.Run(new TrainingRunOptions());
        int perEpoch = trainer.BatchesPerEpoch; // 19 trials in batches of 8: 3
        var schedule = new WarmupCosineSchedule(4, 3L * perEpoch);
        // The rate recorded at a validation is the one of the epoch's last step.
        Assert.Equal(Enumerable.Range(1, 3).Select(e => options.Lr * schedule.Multiplier(e * perEpoch - 1)), result.History.Select(h => h.Lr));
    }

    [Fact]
    public void TensorBoardEventFilesAreWellFormed()
    {
        using var temp = new TempFolder();
        string path;
        using (var writer = new TensorBoardWriter(temp.Path))
        {
            new TensorBoardObserver(writer).Validated(new ValidationRecord(20, 100, 0.5, 0.25, 1e-3, 3, 0.25, true, "clean"));
            path = writer.Path;
        }
        var bytes = File.ReadAllBytes(path);
        var events = new List<Tensorboard.Event>();
        for (int at = 0; at < bytes.Length;)
        {
            ulong length = BitConverter.ToUInt64(bytes, at);
            Assert.Equal(Masked(bytes[at..(at + 8)]), BitConverter.ToUInt32(bytes, at + 8));
            var data = bytes[(at + 12)..(at + 12 + (int)length)];
            Assert.Equal(Masked(data), BitConverter.ToUInt32(bytes, at + 12 + (int)length));
            events.Add(Tensorboard.Event.Parser.ParseFrom(data));
            at += 16 + (int)length;
        }
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.InRange(events[0].WallTime, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        var scalars = events.Skip(1).ToDictionary(e => e.Summary.Value[0].Tag, e => (e.Step, e.Summary.Value[0].SimpleValue));
        Assert.Equal((20L, 0.25f), scalars["loss/val"]);
        Assert.Equal((20L, 0.5f), scalars["loss/train"]);
        Assert.Equal(4, scalars.Count);

        static uint Masked(byte[] data)
        {
            uint crc = TorchSharp.Utils.CRC32C.process(data);
            return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
        }
    }

    [Fact]
    public void ThatTheModelMatchesTheDataIsChecked()
    {
        using var data = TrainingTestData.Data();
        var wrong = new LinearTestModel(27, 36);
        Assert.Throws<ArgumentException>(() => new Trainer(wrong, data, TrainingTestData.Fast));
    }
}

/// <summary>A model that overrides the training hooks (as LFADS and STNDT do), to check that the trainer uses them.</summary>
internal sealed class HookedTestModel : NeuralDynamicsModel
{
    private readonly LinearTestModel inner;
    private readonly double _lossScale;

    public HookedTestModel(int neurons, int bins, double lossScale) : base(nameof(HookedTestModel))
    {
        inner = new LinearTestModel(neurons, bins);
        _lossScale = lossScale;
        RegisterComponents();
    }

    public List<(bool HasSpikes, bool HasGenerator, int Epoch)> TrainingBatches { get; } = [];
    public int ValidationBatches { get; private set; }
    public int Predictions { get; private set; }

    public override int Neurons => inner.Neurons;
    public override int BehaviorDims => 0;
    public override int FeatureWidth => inner.FeatureWidth;
    public override int FeatureLayers => 1;
    public override double LossScale => _lossScale;
    public override bool UsesMaskedInput => false;

    public override ModelOutput Forward(Tensor neural, Tensor? behavior = null) => inner.Forward(neural);

    public override ModelLoss TrainingLoss(MaskedBatch batch)
    {
        TrainingBatches.Add((batch.Spikes is not null, batch.Generator is not null, batch.Epoch));
        return base.TrainingLoss(batch);
    }

    public override (Tensor Sum, Tensor Count) ValidationLoss(MaskedBatch batch)
    {
        ValidationBatches++;
        return (tensor(3.0, ScalarType.Float64), tensor(2.0, ScalarType.Float64));
    }

    public override Tensor PredictLogRates(Tensor unmaskedInput, Tensor? behavior)
    {
        Predictions++;
        return zeros(unmaskedInput.shape);
    }
}

[Collection(TorchTrainingCollection.Name)]
public class TrainerHookTests
{
    [Fact]
    public void TrainerUsesTheModelsOwnLossValidationAndInference()
    {
        using var data = TrainingTestData.Data();
        random.manual_seed(5);
        var model = new HookedTestModel(data.Layout.Neurons, data.Layout.Bins, lossScale: 1);
        using var trainer = new Trainer(model, data, TrainingTestData.Fast with { Epochs = 3, ValInterval = 3 });
        var result = trainer.Run(new TrainingRunOptions());
        Assert.Equal(3 * trainer.BatchesPerEpoch, model.TrainingBatches.Count);
        Assert.All(model.TrainingBatches, b => Assert.True(b.HasSpikes && b.HasGenerator));
        Assert.Equal([0, 1, 2], model.TrainingBatches.Select(b => b.Epoch).Distinct());
        Assert.True(model.ValidationBatches > 0);
        Assert.Equal(1.5, result.BestValLoss); // the model's own validation loss: 3 / 2

        var rates = RatePrediction.Predict(model, data.Layout, data.EvalSpikes, null, batchSize: 4);
        Assert.True(model.Predictions > 0);
        Assert.All(rates.Values, v => Assert.Equal(1.0, v)); // exp(0)
        Assert.Throws<BlendInputException>(() => RatePrediction.Predict(model, data.Layout, data.EvalSpikes, null, 4, maskedPasses: 2));
    }

    [Fact]
    public void LossScaleMultipliesTheGradientsTheOptimizerSees()
    {
        Tensor[] Gradients(double scale)
        {
            using var data = TrainingTestData.Data();
            random.manual_seed(5);
            var model = new HookedTestModel(data.Layout.Neurons, data.Layout.Bins, scale);
            // One batch holding every training trial, one step, no clipping: the gradients left behind are the first step's.
            using var trainer = new Trainer(model, data, TrainingTestData.Fast with { Epochs = 1, ValInterval = 1, BatchSize = 1000, MaxGradNorm = 0 });
            trainer.Run(new TrainingRunOptions());
            return [.. model.parameters().Select(p => p.grad!.detach().clone())];
        }
        var unscaled = Gradients(1);
        var scaled = Gradients(1000);
        Assert.Equal(unscaled.Length, scaled.Length);
        for (int i = 0; i < unscaled.Length; i++)
        {
            Assert.True(unscaled[i].abs().sum().item<float>() > 0);
            Assert.True(allclose(scaled[i], unscaled[i] * 1000, rtol: 1e-5, atol: 1e-6), $"parameter {i}");
        }
    }
}
