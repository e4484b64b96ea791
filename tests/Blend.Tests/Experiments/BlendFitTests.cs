using Blend.Data;
using Blend.Deployment;
using Blend.Experiments;
using Blend.Tests.Data;
using Blend.Tests.Training;

namespace Blend.Tests.Experiments;

/// <summary>The embedding API: <see cref="BlendRecipe.Fit"/> → scores and models → <see cref="BlendModel.Predict"/> → Save / Load.</summary>
[Collection(TorchTrainingCollection.Name)]
public sealed class BlendFitTests
{
    [Fact]
    public void FitGivesScoresAndStudentsThatPredictLikeTheirRunsAndSurviveSaveAndLoad()
    {
        using var temp = new TempFolder();
        string data = BlendExperimentTests.DataFolder.Value;
        var config = ExperimentConfig.Load(null, [.. BlendExperimentTests.Tiny, "experiment.seeds=2", "distillation.strategies=hard,soft"]);
        var fit = BlendRecipe.Fit(data, temp.File("fit"), config);

        Assert.Equal(2, fit.Baseline.Runs.Count);
        Assert.Equal(["hard", "soft"], fit.Students.Select(s => s.Strategy));
        Assert.NotNull(fit.DistillBest);
        Assert.True(fit.Teacher.Metrics.ContainsKey("vel R2"));
        Assert.True(File.Exists(Path.Combine(fit.Folder, "report.md")));

        var eval = NlbEvalInput.Read(Path.Combine(data, "eval_input.h5")).SpikesHeldin;
        var chosen = fit.DistillBest!.Runs[1];
        using var student = fit.LoadStudent(replicate: 1);
        Assert.Equal(chosen.Model, student.Name);
        var predicted = student.Predict(eval);
        var written = NlbSubmission.Read(Path.Combine(fit.Folder, chosen.Folder, "submission.h5")).Datasets.Single().Value.EvalRatesHeldout;
        int heldin = student.HeldinNeurons, neurons = predicted.Rates.Channels;
        for (int t = 0; t < written.Trials; t++)
            for (int b = 0; b < written.Time; b++)
                for (int j = 0; j < written.Channels; j++)
                    Assert.Equal(written[t, b, j], predicted.Rates[t, b, heldin + j], 4);
        Assert.Equal(eval.Time, predicted.Behavior!.Time);

        student.Save(temp.File("saved"));
        using var reloaded = BlendModel.Load(temp.File("saved"));
        Assert.Equal(predicted.Rates.Values, reloaded.Predict(eval).Rates.Values);
        Assert.Equal(neurons, reloaded.Predict(eval).Rates.Channels);

        using var baseline = fit.LoadBaseline();
        Assert.Equal("baseline", baseline.Name);
        Assert.Contains("no student of strategy 'feature'", Assert.Throws<BlendInputException>(() => fit.LoadStudent("feature")).Message);
        Assert.Throws<BlendInputException>(() => fit.LoadStudent("hard", replicate: 5));
    }
}
