using Blend.Data;
using Blend.Data.Synthetic;
using Blend.Evaluation;
using Blend.Experiments;
using Blend.Models;
using Blend.Tests.Data;
using Blend.Tests.Training;
using Blend.Training;
using static TorchSharp.torch;
using Blend.Evaluation.Results;

namespace Blend.Tests.Experiments;

[Collection(TorchTrainingCollection.Name)]
public class BlendExperimentTests
{
    /// <summary>A tiny synthetic dataset folder (read-only, shared).</summary>
    internal static readonly Lazy<string> DataFolder = new(() =>
    {
        string folder = Path.Combine(Directory.CreateTempSubdirectory("blend-run-data-").FullName, "synth");
        SyntheticDatasetWriter.Write(SyntheticDataset.Generate(new SyntheticOptions
        {
            Seed = 4, TrainTrials = 20, EvalTrials = 8, Conditions = 4, HeldinNeurons = 20, HeldoutNeurons = 8, MainBins = 30, ForwardBins = 6,
        }), folder);
        return folder;
    });

    /// <summary>The conv stand-in, tiny and single-threaded.</summary>
    internal static readonly string[] Tiny =
    [
        "model.architecture=conv", "model.layers=1", "model.hidden_size=16", "training.epochs=4", "training.val_interval=1",
        "training.batch_size=8", "training.warmup=1", "training.lr=3e-3", "training.threads=1",
    ];

    private sealed class TeacherProbe : IExperimentObserver
    {
        public List<(ExperimentStep Step, Dictionary<string, float[]> State, bool Training, bool AnyGradient)> Seen { get; } = [];

        public void TeacherUsed(ExperimentStep step, NeuralDynamicsModel teacher) => Seen.Add((step,
            teacher.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().to_type(ScalarType.Float32).cpu().data<float>().ToArray()),
            teacher.training, teacher.parameters().Any(p => p.requires_grad)));
    }

    [Fact]
    public void StudentsLearnFromTheFrozenBestTeacherCheckpoint()
    {
        using var temp = new TempFolder();
        string output = temp.File("experiment");
        var probe = new TeacherProbe();
        var results = BlendExperiment.Run(new ExperimentRequest
        {
            DataFolder = DataFolder.Value,
            OutputFolder = output,
            // A large learning rate, so that the first teacher's best epoch (4) is not its last (6).
            Config = ExperimentConfig.Load(null, [.. Tiny, "training.epochs=6", "training.lr=0.1", "experiment.seeds=2", "distillation.strategies=hard,feature"]),
        }, probe);

        // Two students per seed saw a teacher: frozen, in eval mode, and exactly its best checkpoint (so unchanged by the
        // students' training, and not the last state).
        Assert.Equal(4, probe.Seen.Count);
        foreach (var (step, state, training, anyGradient) in probe.Seen)
        {
            Assert.False(training);
            Assert.False(anyGradient);
            var (_, tensors) = CheckpointFile.Read(Path.Combine(output, $"seed{step.Replicate}", "teacher", "checkpoints", Trainer.BestCheckpoint));
            try
            {
                Assert.Equal(state.Keys.Order(), tensors.Keys.Where(k => k.StartsWith("model.")).Select(k => k["model.".Length..]).Order());
                foreach (var (name, values) in state)
                    Assert.Equal(values, tensors[$"model.{name}"].to_type(ScalarType.Float32).data<float>().ToArray());
            }
            finally
            {
                foreach (var t in tensors.Values) t.Dispose();
            }
        }
        // The first teacher's best epoch is not its last, and its last state is not what the students saw.
        var first = results.Teacher.Runs[0];
        Assert.True(first.BestEpoch < first.Epochs, $"best epoch {first.BestEpoch} of {first.Epochs}");
        var (_, last) = CheckpointFile.Read(Path.Combine(output, "seed0", "teacher", "checkpoints", Trainer.LastCheckpoint));
        Assert.Contains(probe.Seen[0].State, p => !p.Value.SequenceEqual(last[$"model.{p.Key}"].to_type(ScalarType.Float32).data<float>().ToArray()));
        foreach (var t in last.Values) t.Dispose();

        // The same seed gives the student the baseline's initialisation; replicate k uses training.seed + k.
        Assert.Equal([100, 101], results.Seeds);
        Assert.All(results.Models.Where(m => m.Role != ModelRole.Reference), m => Assert.Equal([100, 101], m.Runs.Select(r => r.Seed)));
        Assert.Equal(["smoothing", "baseline", "student-hard", "student-feature", ExperimentResults.DistillBestName, "teacher"], results.Models.Select(m => m.Model));
        var seed1 = TrainingConfig.Load(Path.Combine(output, "seed1", "student-feature", "config.yaml"));
        Assert.Equal(101, seed1.Training.Seed);
        // The feature projector is trained and checkpointed with the student.
        var (_, student) = CheckpointFile.Read(Path.Combine(output, "seed0", "student-feature", "checkpoints", Trainer.BestCheckpoint));
        Assert.Contains(student.Keys, k => k.StartsWith("objective.projector.0."));
        foreach (var t in student.Values) t.Dispose();

        // Scores in results.json are those of each run's scores.json.
        foreach (var run in results.Models.SelectMany(m => m.Runs))
        {
            var scores = Blend.Reporting.EvaluationJson.Parse(File.ReadAllText(Path.Combine(output, run.Folder, "scores.json"))).Single();
            Assert.Equal(scores[NlbMetricNames.VelR2], run.Metrics[NlbMetricNames.VelR2]);
        }
        Assert.True(results.Teacher.Privileged);
        Assert.NotNull(results.Data.Ceiling);
        Assert.Equal(ExperimentResults.FromJson(File.ReadAllText(Path.Combine(output, BlendExperiment.ResultsFile))).ToJson(), results.ToJson());
        Assert.DoesNotContain(temp.Entries(), e => e.StartsWith('.')); // no temporary folder left behind
    }

    [Fact]
    public void TeacherPredictionsUseTheEvalBehaviorAndDifferWithoutIt()
    {
        // The teacher's submission is privileged: its eval rates depend on eval behavior.
        var config = ExperimentConfig.Load(null, Tiny);
        var data = TrainingData.Load(DataFolder.Value, config.Training.Training);
        using var teacher = ModelFactory.Create("conv", config.Training.Model, data.Layout, withBehavior: true);
        var withBehavior = RatePrediction.Predict(teacher, data.Layout, data.EvalSpikes, data.EvalBehavior, 8);
        var zeroBehavior = RatePrediction.Predict(teacher, data.Layout, data.EvalSpikes, zeros_like(data.EvalBehavior!), 8);
        Assert.NotEqual(withBehavior.Values, zeroBehavior.Values);
        data.Dispose();
    }
}
