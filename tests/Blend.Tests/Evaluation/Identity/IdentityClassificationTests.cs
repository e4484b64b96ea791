using Blend.Data;
using Blend.Data.Identity;
using Blend.Evaluation;
using Blend.Evaluation.Identity;
using Blend.Experiments;
using Blend.Evaluation.Statistics;

namespace Blend.Tests.Evaluation.Identity;

public class IdentityClassificationTests
{
    private static readonly IReadOnlyList<IdentityNeuron> Neurons = IdentityTestData.SmallNeurons();

    /// <summary>
    /// Reads the label off the features (column 0 for the class task, column 1 for the subclass task) and gets wrong
    /// every test row whose value in column 2 is a multiple of seed + 2, so each seed scores differently.
    /// </summary>
    private sealed class ColumnReader : IIdentityClassifier
    {
        public string Name => "column";

        public ClassifierFit FitPredict(ClassifierProblem problem, int seed)
        {
            int column = problem.Classes == 2 ? 0 : 1;
            var predicted = new int[problem.Test.Rows];
            for (int i = 0; i < predicted.Length; i++)
            {
                int label = (int)problem.Test[i, column];
                predicted[i] = (int)problem.Test[i, 2] % (seed + 2) == 0 ? (label + 1) % problem.Classes : label;
            }
            return new ClassifierFit(predicted, SelectedEpoch: seed);
        }
    }

    /// <summary>Columns: class label, subclass label (−1 without one), identity id + 1.</summary>
    private static RowMatrix Features()
    {
        var x = new RowMatrix(Neurons.Count, 3);
        foreach (var n in Neurons)
        {
            x[n.Id, 0] = (int)n.Class;
            x[n.Id, 1] = n.Subclass is { } s ? (int)s : -1;
            x[n.Id, 2] = n.Id + 1;
        }
        return x;
    }

    private static string Expected(IdentityTask task, IdentityNeuron n, int seed)
    {
        var names = IdentityTasks.LabelNames(task);
        int label = IdentityTasks.Label(task, n)!.Value;
        return names[(n.Id + 1) % (seed + 2) == 0 ? (label + 1) % names.Count : label];
    }

    [Fact]
    public void PredictionsArePooledOverFoldsAndScoresSummarisedOverSeeds()
    {
        int[] seeds = [0, 1, 3];
        var calls = new List<(string, int)>();
        var features = Features();
        var result = IdentityClassification.Run(Neurons, (mouse, seed) => { calls.Add((mouse, seed)); return features; },
            [new ColumnReader()], seeds);

        Assert.Equal(12, calls.Count); // once per (fold, seed), shared by both tasks
        Assert.Equal(["M0", "M1", "M2", "M3"], result.Mice);
        foreach (var task in IdentityTasks.All)
        {
            var summary = result.Get(task, "column");
            var samples = Neurons.Where(n => IdentityTasks.IsSample(task, n)).ToArray();
            Assert.Equal(samples.Select(n => n.Id), summary.Ids);
            Assert.Equal(IdentityTasks.LabelNames(task), summary.Labels);
            var accuracies = new List<double>();
            foreach (var (run, seed) in summary.Runs.Zip(seeds))
            {
                Assert.Equal(seed, run.Seed);
                var expected = samples.Select(n => Expected(task, n, seed)).ToArray();
                Assert.Equal(expected, run.Predicted);
                Assert.Equal(ClassificationScores.Of(summary.Truth, expected), run.Scores);
                Assert.Equal(4, run.Folds.Count);
                foreach (var fold in run.Folds)
                {
                    var mine = samples.Where(n => n.Mouse == fold.HeldOutMouse).ToArray();
                    Assert.Equal(mine.Length, fold.Test);
                    Assert.Equal(samples.Length - mine.Length, fold.Train + fold.Validation);
                    Assert.Equal(seed, fold.SelectedEpoch);
                    Assert.Equal(ClassificationScores.Of(
                        mine.Select(n => IdentityTasks.LabelNames(task)[IdentityTasks.Label(task, n)!.Value]).ToArray(),
                        mine.Select(n => Expected(task, n, seed)).ToArray()), fold.Scores);
                }
                int total = run.Confusion.Counts.Sum(row => row.Sum());
                Assert.Equal(samples.Length, total);
                accuracies.Add(run.Scores.Accuracy);
            }
            Assert.Equal(MeanStd.Of(accuracies), summary.Accuracy);
            Assert.True(summary.Accuracy.Std > 0);
        }
        Assert.Equal(120 / 240.0, result.Get(IdentityTask.Class, "column").MajorityAccuracy, 15); // EC
        Assert.Equal(28 / 100.0, result.Get(IdentityTask.Subclass, "column").MajorityAccuracy, 15); // Vip
    }

    [Fact]
    public void EachFoldReadsItsOwnFeatures()
    {
        // The fold holding out M1 gets features whose class column is flipped: only M1's identities are then wrong.
        var features = Features();
        var flipped = Features();
        for (int id = 0; id < Neurons.Count; id++) flipped[id, 0] = 1 - flipped[id, 0];
        var result = IdentityClassification.Run(Neurons, (mouse, _) => mouse == "M1" ? flipped : features,
            [new ColumnReader()], [1_000_000], new IdentityClassificationOptions { Tasks = [IdentityTask.Class] });
        var summary = Assert.Single(result.Results);
        var run = Assert.Single(summary.Runs);
        for (int k = 0; k < summary.Ids.Count; k++)
            Assert.Equal(Neurons[summary.Ids[k]].Mouse == "M1" ? 1 : 0, run.Predicted[k] == summary.Truth[k] ? 0 : 1);
        Assert.Equal([1.0, 0.0, 1.0, 1.0], run.Folds.Select(f => f.Scores!.Accuracy));
    }

    [Fact]
    public void AMouseWithoutSubclassSamplesHasNoFoldScoreButThePoolStillCoversEveryone()
    {
        var neurons = Neurons.Select(n => n.Mouse == "M3" ? n with { Subclass = null } : n).ToArray();
        var result = IdentityClassification.Run(neurons, Features(), [new NearestNeighborsClassifier()], [0],
            new IdentityClassificationOptions { Tasks = [IdentityTask.Subclass] });
        var run = Assert.Single(Assert.Single(result.Results).Runs);
        Assert.Null(run.Folds[3].Scores);
        Assert.Equal(0, run.Folds[3].Test);
        Assert.Equal(75, run.Predicted.Count);
    }

    [Fact]
    public void ResultsRoundTripThroughJson()
    {
        var result = IdentityClassification.Run(Neurons, Features(), [new ColumnReader(), new LogisticClassifier()], [0, 1]);
        string json = result.ToJson();
        Assert.Contains("\"balanced_accuracy\"", json);
        Assert.Contains("\"task\": \"subclass\"", json);
        Assert.Contains("\"held_out_mouse\": \"M0\"", json);
        var back = IdentityClassificationResult.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(result.Get(IdentityTask.Class, "logistic").Runs[1].Scores, back.Get(IdentityTask.Class, "logistic").Runs[1].Scores);
    }

    [Fact]
    public void BadFeaturesAreRefusedWithTheIdentityNamed()
    {
        var features = Features();
        features[5, 1] = double.NaN;
        var error = Assert.Throws<MetricInputException>(() => IdentityClassification.Run(Neurons, features, [new ColumnReader()], [0]));
        Assert.Contains("identity 5", error.Message);
        Assert.Throws<MetricInputException>(() =>
            IdentityClassification.Run(Neurons, new RowMatrix(3, 3), [new ColumnReader()], [0]));
        Assert.Throws<BlendInputException>(() => IdentityClassification.Run(Neurons, Features(), [new ColumnReader(), new ColumnReader()], [0]));
        Assert.Throws<BlendInputException>(() => IdentityClassification.Run(Neurons, Features(), [new ColumnReader()], []));
    }
}

public class IdentityClassifiersTests
{
    [Fact]
    public void EveryNameBuildsTheClassifierOfThatName()
    {
        foreach (string name in IdentityClassifiers.Names) Assert.Equal(name, IdentityClassifiers.Create(name).Name);
        var mlp = Assert.IsType<TorchClassifier>(IdentityClassifiers.Create("mlp", new TorchClassifierOptions { Epochs = 7 }));
        Assert.Equal(7, mlp.Options.Epochs);
        Assert.Contains("knn, linear, mlp, logistic", Assert.Throws<BlendInputException>(() => IdentityClassifiers.Create("svm")).Message);
    }
}
