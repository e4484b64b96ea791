using Blend.Data;
using Blend.Experiments;
using Blend.Tests.Cli;
using Blend.Tests.Data;
using Blend.Tests.Training;
using static TorchSharp.torch;
using Blend.Distillation;
using Blend.Evaluation.Results;

namespace Blend.Tests.Experiments;

/// <summary>
/// <see cref="BlendRecipe"/> over a recording task: the order of roles, the seeding of construction, the frozen teacher
/// handed to every student, ownership of models, and an output folder that appears whole or not at all. Then the NLB
/// task's train-and-score path, shared with <c>blend train</c>.
/// </summary>
[Collection(TorchTrainingCollection.Name)]
public sealed class BlendRecipeTests
{
    private sealed class ToyModel(string name, float firstDraw) : IDisposable
    {
        public string Name { get; } = name;
        public float FirstDraw { get; } = firstDraw;
        public bool Disposed { get; private set; }
        public void Dispose() => Disposed = true;
    }

    /// <summary>Records every call; a model's "weights" are the first number drawn from libtorch's global generator.</summary>
    private sealed class RecordingTask(IReadOnlyList<StrategySpec> strategies, string? failAt = null) : IBlendTask<ToyModel, string, string>
    {
        public List<string> Calls { get; } = [];
        public List<ToyModel> Models { get; } = [];
        public Dictionary<string, float> Draws { get; } = [];

        public IReadOnlyList<StrategySpec> Strategies => strategies;

        public bool Resumable => false;

        public string? Completed(string folder, RecipeStep step) => null;

        public IReadOnlyList<BlendReplicate> Replicates(IReadOnlyList<int> seeds) =>
            [.. seeds.Select((s, k) => new BlendReplicate(k, seeds.Count, s, null, $"seed{k}"))];

        public IEnumerable<string> Begin(string folder)
        {
            File.WriteAllText(Path.Combine(folder, "begun.txt"), "yes");
            return ["reference"];
        }

        public ToyModel Create(string folder, RecipeStep step)
        {
            var model = new ToyModel($"{step.Model}@{step.Seed}", rand(1).item<float>());
            Models.Add(model);
            Draws[model.Name] = model.FirstDraw;
            Calls.Add($"create {model.Name}");
            return model;
        }

        public string Train(string folder, RecipeStep step, ToyModel model, ToyModel? teacher)
        {
            if (step.Model == failAt) throw new InvalidOperationException("training failed");
            Assert.Equal(step.Role == ModelRole.Student, teacher is not null);
            Assert.Equal(step.Role == ModelRole.Student ? step.Strategy!.ModelName : step.Model, step.Model);
            Calls.Add($"train {model.Name}" + (teacher is null ? "" : $" from {teacher.Name}"));
            return model.Name;
        }

        public ToyModel Freeze(string folder, RecipeStep step, ToyModel? trained)
        {
            ArgumentNullException.ThrowIfNull(trained);
            Calls.Add($"freeze {trained.Name}");
            trained.Dispose();
            var frozen = new ToyModel($"frozen-{trained.Name}", float.NaN);
            Models.Add(frozen);
            return frozen;
        }

        public string Finish(string folder, IReadOnlyList<string> runs, RecipeRecord record)
        {
            Calls.Add($"finish {string.Join(" ", runs)} seeds {string.Join(",", record.Seeds)} threads>0 {record.Threads > 0}");
            return "done";
        }
    }

    [Fact]
    public void RunsBaselineTeacherFrozenTeacherAndStudentsPerReplicateWithSeededConstruction()
    {
        using var temp = new TempFolder();
        var task = new RecordingTask(StrategySpec.ParseList("hard,soft"));
        Assert.Equal("done", BlendRecipe.Run(task, [7, 8], temp.File("out")));
        Assert.Equal(
        [
            "create baseline@7", "train baseline@7", "create teacher@7", "train teacher@7", "freeze teacher@7",
            "create student-hard@7", "train student-hard@7 from frozen-teacher@7", "create student-soft@7", "train student-soft@7 from frozen-teacher@7",
            "create baseline@8", "train baseline@8", "create teacher@8", "train teacher@8", "freeze teacher@8",
            "create student-hard@8", "train student-hard@8 from frozen-teacher@8", "create student-soft@8", "train student-soft@8 from frozen-teacher@8",
            "finish reference baseline@7 teacher@7 student-hard@7 student-soft@7 baseline@8 teacher@8 student-hard@8 student-soft@8 seeds 7,8 threads>0 True",
        ], task.Calls);
        // Every model of a replicate starts from the generator seeded with the replicate's seed; replicates differ.
        Assert.Equal(task.Draws["baseline@7"], task.Draws["teacher@7"]);
        Assert.Equal(task.Draws["baseline@7"], task.Draws["student-soft@7"]);
        Assert.Equal(task.Draws["baseline@8"], task.Draws["student-hard@8"]);
        Assert.NotEqual(task.Draws["baseline@7"], task.Draws["baseline@8"]);
        Assert.All(task.Models, m => Assert.True(m.Disposed, $"{m.Name} was not disposed"));
        Assert.True(File.Exists(temp.File("out/begun.txt")));
    }

    [Fact]
    public void AFailedStepLeavesNoOutputAndDisposesEveryModel()
    {
        using var temp = new TempFolder();
        var task = new RecordingTask(StrategySpec.ParseList("hard"), failAt: "teacher");
        Assert.Throws<InvalidOperationException>(() => BlendRecipe.Run(task, [1], temp.File("out")));
        Assert.False(Directory.Exists(temp.File("out")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
        Assert.All(task.Models, m => Assert.True(m.Disposed, $"{m.Name} was not disposed"));
    }

    [Fact]
    public void RefusesANonEmptyOutputFolderBeforeAnything()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("out"));
        File.WriteAllText(temp.File("out/keep.txt"), "");
        var task = new RecordingTask(StrategySpec.ParseList("hard"));
        Assert.Throws<BlendInputException>(() => BlendRecipe.Run(task, [1], temp.File("out")));
        Assert.Empty(task.Calls);
    }

    /// <summary>
    /// <c>blend train</c> and <c>blend run</c> share one train → select → predict → score path: with
    /// <c>training.inference_passes=4</c> the run's baseline writes exactly the rates <c>blend train</c> writes for the same
    /// config and seed — and they are not the one-pass rates.
    /// </summary>
    [Fact]
    public void BlendTrainAndTheRecipesBaselinePredictAlikeWithInferencePasses()
    {
        using var temp = new TempFolder();
        string data = BlendExperimentTests.DataFolder.Value;
        string[] settings = [.. BlendExperimentTests.Tiny, "training.inference_passes=4", "model.dropout=0.2"];
        var train = CliRunner.Run(["train", "--data", data, "--out", temp.File("train"), .. settings.SelectMany(s => new[] { "--set", s })]);
        Assert.True(train.ExitCode == 0, train.Stderr + train.Stdout);
        var run = CliRunner.Run(["run", "--data", data, "--out", temp.File("run"), "--seeds", "1", "--strategies", "hard",
            .. settings.SelectMany(s => new[] { "--set", s })]);
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var onePass = CliRunner.Run(["train", "--data", data, "--out", temp.File("one"),
            .. settings.Append("training.inference_passes=1").SelectMany(s => new[] { "--set", s })]);
        Assert.True(onePass.ExitCode == 0, onePass.Stderr + onePass.Stdout);

        static double[] Rates(string folder) => NlbSubmission.Read(Path.Combine(folder, "submission.h5")).Datasets.Single().Value.EvalRatesHeldout.Values;
        Assert.Equal(Rates(temp.File("train")), Rates(temp.File("run/seed0/baseline")));
        Assert.NotEqual(Rates(temp.File("train")), Rates(temp.File("one")));
    }
}
