using Blend.Data.Identity;
using Blend.Data.Identity.Synthetic;
using Blend.Distillation;
using Blend.Models;
using Blend.Tests.Data;
using Blend.Training.Identity;
using static TorchSharp.torch;

namespace Blend.Tests.Training;

/// <summary>Joint training, Φ re-fit and distillation of NeuPRINT on a small SynthBugeon set.</summary>
[Collection(TorchTrainingCollection.Name)]
public sealed class NeuprintTrainerTests : IDisposable
{
    private static readonly NeuprintOptions Model = new() { EmbeddingDim = 8, ActivityDim = 5, FeedforwardDim = 32 };
    private static readonly NeuprintTrainingOptions Training = new()
    {
        Steps = 60, StepsPerEpoch = 20, NeuronsPerStep = 24, WindowsPerStep = 2, Window = 16, RefitSteps = 60, Lr = 3e-3, RefitLr = 3e-2,
    };

    private readonly TempFolder _temp = new();
    private readonly IdentityDataset _dataset;
    private readonly SessionTensors[] _sessions;

    public NeuprintTrainerTests()
    {
        var options = SynthBugeonOptions.ForSize(SynthBugeonOptions.Ci) with { Mice = 2, SessionsPerMouse = 1, Neurons = 40, Frames = 240, PoolPerMouse = 12, TestMouse = 1 };
        var data = SynthBugeonDataset.Generate(options);
        string folder = _temp.File("bugeon");
        SynthBugeonWriter.Write(data, SynthBugeonSummary.Of(data), folder);
        _dataset = IdentityDataset.Load(folder);
        _sessions = [.. _dataset.Sessions.Select(s => new SessionTensors(s, _dataset.Neurons))];
    }

    public void Dispose()
    {
        foreach (var session in _sessions) session.Dispose();
        _temp.Dispose();
    }

    private (NeuprintModel Model, NeuronEmbeddingTable Table) Fresh(bool teacher, int seed = 1)
    {
        random.manual_seed(seed);
        return (new NeuprintModel(Model, teacher, Training.Window), new NeuronEmbeddingTable(_dataset.Neurons.Count, Model.EmbeddingDim, new Generator((ulong)seed)));
    }

    [Fact]
    public void TrainingLowersTheLossAndIsDeterministicForASeed()
    {
        var (model, table) = Fresh(teacher: true);
        var history = NeuprintTrainer.Train(model, table, _sessions, Training, seed: 5);
        Assert.Equal([20, 40, 60], history.Select(e => e.Step));
        Assert.True(history[^1].Loss < history[0].Loss, $"{history[0].Loss} → {history[^1].Loss}");
        Assert.All(history, e => Assert.True(double.IsFinite(e.ValidationLoss) && e.ValidationLoss > 0));

        var (again, againTable) = Fresh(teacher: true);
        var repeat = NeuprintTrainer.Train(again, againTable, _sessions, Training, seed: 5);
        Assert.Equal(history.Select(e => e.Loss), repeat.Select(e => e.Loss));
        Assert.True(table.Embeddings.allclose(againTable.Embeddings, 0, 0));
    }

    [Fact]
    public void EmbeddingLearningRateMovesOnlyPhiFaster()
    {
        double Moved(double embeddingLr)
        {
            var (model, table) = Fresh(teacher: false);
            var start = table.Embeddings.detach().clone();
            NeuprintTrainer.Train(model, table, _sessions, Training with { Steps = 20, EmbeddingLr = embeddingLr }, seed: 6);
            return (table.Embeddings - start).abs().max().item<float>();
        }
        // Adam moves each entry at most ≈ lr per step: 20 steps at 3e-3 stay below 0.07, at 0.1 they can reach 2.
        Assert.True(Moved(0) < 0.07);
        Assert.True(Moved(0.1) > 0.3);
    }

    [Fact]
    public void RefitFitsOnlyANewTableAndLeavesTheModelAlone()
    {
        var (model, table) = Fresh(teacher: false);
        NeuprintTrainer.Train(model, table, _sessions, Training, seed: 2);
        var before = model.parameters().Select(p => p.detach().clone()).ToArray();
        var epochs = new List<NeuprintEpoch>();
        using var refit = NeuprintTrainer.Refit(model, _dataset.Neurons.Count, _sessions, Training, seed: 3, new SyncProgress(epochs.Add));
        Assert.All(model.parameters().Zip(before), pair => Assert.True(pair.First.allclose(pair.Second, 0, 0)));
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
        Assert.Equal(["refit", "refit", "refit"], epochs.Select(e => e.Phase));
        Assert.True(epochs[^1].Loss < epochs[0].Loss, $"{epochs[0].Loss} → {epochs[^1].Loss}");
        Assert.Equal([_dataset.Neurons.Count, Model.EmbeddingDim], refit.Embeddings.shape);
        Assert.False(refit.Embeddings.allclose(table.Embeddings));
        // Rows of sampled neurons moved from their U(−1, 1) start; a fresh table with the same seed starts where this one did.
        using var start = NeuprintTrainer.Refit(model, _dataset.Neurons.Count, _sessions, Training with { RefitSteps = 1 }, seed: 3);
        Assert.True((refit.Embeddings - start.Embeddings).abs().max().item<float>() > 0.05);
    }

    [Theory]
    [InlineData("hard", 0.0)]
    [InlineData("soft", 0.0)]
    [InlineData("correlation", 0.0)]
    [InlineData("feature", 1.0)]
    public void StudentsDistilFromAFrozenTeacher(string strategyName, double embeddingWeight)
    {
        var (teacherModel, teacherTable) = Fresh(teacher: true);
        NeuprintTrainer.Train(teacherModel, teacherTable, _sessions, Training with { Steps = 20 }, seed: 4);
        var teacherBefore = teacherModel.parameters().Select(p => p.detach().clone()).ToArray();
        var tableBefore = teacherTable.Embeddings.detach().clone();
        IDistillationStrategy strategy = strategyName switch
        {
            "hard" => new HardDistillation(),
            "soft" => new MaskedPredictionDistillation(),
            "correlation" => new CorrelationDistillation(),
            _ => new FeatureDistillation(teacherModel.TokenWidth, teacherModel.TokenWidth, 1),
        };
        var (student, studentTable) = Fresh(teacher: false);
        var history = NeuprintTrainer.Train(student, studentTable, _sessions, Training with { EmbeddingDistillation = embeddingWeight }, seed: 4,
            new NeuprintTeacher(teacherModel, teacherTable), strategy);
        Assert.All(history, e => Assert.True(double.IsFinite(e.Loss)));
        Assert.True(history[^1].Loss < history[0].Loss);
        Assert.All(teacherModel.parameters().Zip(teacherBefore), pair => Assert.True(pair.First.allclose(pair.Second, 0, 0)));
        Assert.True(teacherTable.Embeddings.allclose(tableBefore, 0, 0));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnInterruptedTrainingContinuesFromItsCheckpointToTheSameWeights(bool distilled)
    {
        var options = Training with { EmbeddingDistillation = distilled ? 1.0 : 0.0 };
        var (teacherModel, teacherTable) = Fresh(teacher: true);
        NeuprintTrainer.Train(teacherModel, teacherTable, _sessions, Training with { Steps = 20 }, seed: 4);
        var teacher = distilled ? new NeuprintTeacher(teacherModel, teacherTable) : null;
        IDistillationStrategy? Strategy() => distilled ? new FeatureDistillation(teacherModel.TokenWidth, teacherModel.TokenWidth, 1) : null;

        var (reference, referenceTable) = Fresh(teacher: false);
        var referenceHistory = NeuprintTrainer.Train(reference, referenceTable, _sessions, options, seed: 4, teacher, Strategy(),
            checkpoint: _temp.File("reference/last.pt"));
        using var referenceGenerator = random.get_rng_state();

        // Stopped after the second of three epochs (the checkpoint then holds step 40) ...
        string checkpoint = _temp.File("interrupted/last.pt");
        using var stop = new CancellationTokenSource();
        var (interrupted, interruptedTable) = Fresh(teacher: false);
        Assert.Throws<OperationCanceledException>(() => NeuprintTrainer.Train(interrupted, interruptedTable, _sessions, options, seed: 4, teacher, Strategy(),
            new SyncProgress(epoch => { if (epoch.Step == 40) stop.Cancel(); }), stop.Token, checkpoint));
        // ... and continued by a fresh model in a process whose global generator is elsewhere.
        var (resumed, resumedTable) = Fresh(teacher: false, seed: 99);
        var resumedHistory = NeuprintTrainer.Train(resumed, resumedTable, _sessions, options, seed: 4, teacher, Strategy(), checkpoint: checkpoint);

        Assert.Equal(referenceHistory, resumedHistory);
        Assert.All(reference.parameters().Zip(resumed.parameters()), pair => Assert.True(pair.First.allclose(pair.Second, 0, 0)));
        Assert.True(referenceTable.Embeddings.allclose(resumedTable.Embeddings, 0, 0));
        // Dropout drew the same masks: the global generator ends where the uninterrupted run left it (a re-fit with dropout follows it).
        using var resumedGenerator = random.get_rng_state();
        Assert.True(referenceGenerator.equal(resumedGenerator).all().item<bool>());
    }

    [Fact]
    public void ACheckpointOfAnotherRunIsRefusedNamingIt()
    {
        var (model, table) = Fresh(teacher: false);
        string checkpoint = _temp.File("other/last.pt");
        NeuprintTrainer.Train(model, table, _sessions, Training with { Steps = 20 }, seed: 4, checkpoint: checkpoint);
        var (again, againTable) = Fresh(teacher: false);
        var error = Assert.Throws<BlendInputException>(() => NeuprintTrainer.Train(again, againTable, _sessions, Training, seed: 4, checkpoint: checkpoint));
        Assert.Contains("a checkpoint of a 20-step run, not of this 60-step one", error.Message);
        File.WriteAllBytes(checkpoint, [1, 2, 3]);
        Assert.Contains("not a Blend checkpoint", Assert.Throws<BlendInputException>(() => NeuprintTrainer.Train(again, againTable, _sessions, Training, seed: 4, checkpoint: checkpoint)).Message);
    }

    [Fact]
    public void MaskedPredictionDistillationScoresOnlyTheMaskedEntries()
    {
        var student = new ModelOutput(tensor(new float[] { 1, 2, 3, 4 }).view(1, 2, 2), []) { ScoredEntries = tensor(new float[] { 1, 0, 0, 1 }).view(1, 2, 2) };
        var teacher = new ModelOutput(zeros(1, 2, 2), []);
        Assert.Equal((1 + 16) / 2.0, new MaskedPredictionDistillation().Loss(student, teacher).item<float>(), 5);
        Assert.Throws<InvalidOperationException>(() => new MaskedPredictionDistillation().Loss(student with { ScoredEntries = null }, teacher));
    }

    [Fact]
    public void TooShortSessionsForTheWindowAreRefusedNamingTheSession()
    {
        var error = Assert.Throws<BlendInputException>(() => new NeuprintBatchSampler(_sessions, Training with { Window = 200 }, heldOutTime: true, seed: 0));
        Assert.Contains("SX01", error.Message);
        Assert.Contains("training.window", error.Message);
    }

    [Fact]
    public void BatchesOverSampleRecordNeuronsAndStayInTheTrainingFrames()
    {
        var sampler = new NeuprintBatchSampler(_sessions, Training with { NeuronsPerStep = 200 }, heldOutTime: false, seed: 9);
        var batch = sampler.Next();
        Assert.Equal([2, 200, 16], batch.Activity.shape);
        Assert.Equal([2, 200, 2, 16], batch.Neighbours.shape);
        Assert.Equal([2, 3, 16], batch.Behavior.shape);
        var ids = batch.Ids.data<long>().ToArray();
        Assert.Equal(180, ids.Count(id => _dataset.Neurons[(int)id].IsRecord)); // record_fraction 0.9
        Assert.Equal((0, 180), sampler.FrameRange(240));
        // The re-fit samples every neuron alike: record neurons come in at their share of the session (≈ 7 of 40).
        var uniform = new NeuprintBatchSampler(_sessions, Training with { NeuronsPerStep = 200 }, heldOutTime: false, seed: 9, uniformNeurons: true).Next();
        Assert.InRange(uniform.Ids.data<long>().ToArray().Count(id => _dataset.Neurons[(int)id].IsRecord), 10, 80);
    }

    private sealed class SyncProgress(Action<NeuprintEpoch> report) : IProgress<NeuprintEpoch>
    {
        public void Report(NeuprintEpoch value) => report(value);
    }
}
