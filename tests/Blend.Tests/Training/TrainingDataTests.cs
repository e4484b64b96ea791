using Blend.Data;
using Blend.Training;
using Blend.Tests.Data;
using static TorchSharp.torch;

namespace Blend.Tests.Training;

public class TrainingDataTests
{
    [Fact]
    public void TrialsAreMainThenForwardBins_HeldinThenHeldoutNeurons()
    {
        using var data = TrainingTestData.Data();
        var files = TrainingTestData.NlbFiles;
        Assert.Equal(new TrialLayout(20, 8, 30, 6, 2), data.Layout);
        Assert.Equal([24L, 36, 28], data.TrainSpikes.shape);
        Assert.Equal([24L, 36, 2], data.TrainBehavior!.shape);
        Assert.Equal([8L, 36, 28], data.EvalSpikes.shape);
        Assert.Equal(ScalarType.Float32, data.TrainSpikes.dtype);
        Assert.Equal("synth_lorenz", data.Name);

        var train = data.TrainSpikes.data<float>().ToArray();
        float At(int trial, int t, int n) => train[(trial * 36 + t) * 28 + n];
        Assert.Equal((float)files.TrainInput.SpikesHeldin[5, 7, 3], At(5, 7, 3));
        Assert.Equal((float)files.TrainInput.SpikesHeldout[5, 7, 2], At(5, 7, 22));
        Assert.Equal((float)files.TrainInput.SpikesHeldinForward![5, 1, 4], At(5, 31, 4));
        Assert.Equal((float)files.TrainInput.SpikesHeldoutForward![5, 5, 7], At(5, 35, 27));
        var behavior = data.TrainBehavior.data<float>().ToArray();
        Assert.Equal((float)files.TrainInput.BehaviorForward![3, 2, 1], behavior[(3 * 36 + 32) * 2 + 1]);
        Assert.True(data.HasForwardBehavior);

        // Clean protocol: the eval trials carry only their held-in main bins; the target's answers stay unread.
        var eval = data.EvalSpikes.data<float>().ToArray();
        Assert.Equal((float)files.EvalInput.SpikesHeldin[1, 2, 3], eval[(1 * 36 + 2) * 28 + 3]);
        Assert.True(float.IsNaN(eval[(1 * 36 + 2) * 28 + 25]));
        Assert.True(float.IsNaN(eval[(1 * 36 + 33) * 28 + 3]));
    }

    [Fact]
    public void ValidationIsASeededFifthOfTheTrainingTrials_OrTheManifestsList()
    {
        using var data = TrainingTestData.Data();
        Assert.Equal(5, data.Validation.Count); // round(0.2 · 24)
        Assert.Equal(19, data.Train.Count);
        Assert.Empty(data.Train.Trials.Intersect(data.Validation.Trials));
        Assert.Equal(Enumerable.Range(0, 24), data.Train.Trials.Concat(data.Validation.Trials).Order());
        Assert.Same(data.TrainSpikes, data.Validation.Spikes);
        using var again = TrainingTestData.Data();
        Assert.Equal(data.Validation.Trials, again.Validation.Trials);
        using var otherSeed = TrainingTestData.Data(TrainingTestData.Fast with { ValidationSeed = 9, ValidationFraction = 0.25 });
        Assert.Equal(6, otherSeed.Validation.Count);
        Assert.NotEqual(data.Validation.Trials, otherSeed.Validation.Trials.Take(5));

        using var listed = TrainingTestData.Data(validationTrials: [20, 21, 22, 23]);
        Assert.Equal([20, 21, 22, 23], listed.Validation.Trials);
        Assert.Equal(Enumerable.Range(0, 20), listed.Train.Trials);
        Assert.Contains("validation_trials", listed.ValidationDescription);

        Assert.Throws<BlendInputException>(() => TrainingTestData.Data(validationTrials: [3, 24]));
    }

    [Fact]
    public void ReferenceProtocolTrainsOnAllTrainingTrialsAndValidatesOnTheEvalSplit()
    {
        using var data = TrainingTestData.Data(TrainingTestData.Fast with { Protocol = SelectionProtocol.Reference });
        Assert.Equal(24, data.Train.Count);
        Assert.Equal(8, data.Validation.Count);
        Assert.Same(data.EvalSpikes, data.Validation.Spikes);
        Assert.Contains("reference protocol", data.ValidationDescription);
        var files = TrainingTestData.NlbFiles;
        var target = files.EvalTarget["synth_lorenz"];
        var eval = data.EvalSpikes.data<float>().ToArray();
        Assert.Equal((float)target.EvalSpikesHeldout[1, 2, 5], eval[(1 * 36 + 2) * 28 + 25]);
        Assert.Equal((float)target.EvalSpikesHeldinForward![1, 3, 5], eval[(1 * 36 + 33) * 28 + 5]);
        Assert.False(data.EvalSpikes.isnan().any().item<bool>());
    }

    [Fact]
    public void ReadsDatasetFoldersAndPlainNlbFolders_RefusesOthers()
    {
        using var temp = new TempFolder();
        string folder = temp.File("synth");
        var files = TrainingTestData.NlbFiles;
        new DatasetFileSet
        {
            TrainInput = files.TrainInput, EvalInput = files.EvalInput, EvalTarget = files.EvalTarget,
            Manifest = TrainingTestData.Source([0, 1]).Manifest!,
        }.Write(folder);
        using (var data = TrainingData.Load(folder, TrainingTestData.Fast))
        {
            Assert.Equal([0, 1], data.Validation.Trials);
            Assert.Equal("synth_lorenz", data.Name);
        }

        string plain = temp.File("plain");
        Directory.CreateDirectory(plain);
        files.TrainInput.Write(Path.Combine(plain, "train_input.h5"));
        files.EvalInput.Write(Path.Combine(plain, "eval_input.h5"));
        using (var data = TrainingData.Load(plain, TrainingTestData.Fast))
        {
            Assert.Equal("plain", data.Name); // no eval target: named after the folder
            Assert.Equal(5, data.Validation.Count);
        }
        files.EvalTarget.Write(Path.Combine(plain, "eval_target.h5"));
        using (var data = TrainingData.Load(plain, TrainingTestData.Fast)) Assert.Equal("synth_lorenz", data.Name);

        Assert.Equal($"{temp.File("none")}: data folder not found",
            Assert.ThrowsAny<BlendInputException>(() => TrainingData.Load(temp.File("none"), TrainingTestData.Fast)).Message);
        Directory.CreateDirectory(temp.File("empty"));
        Assert.Contains("not a dataset folder",
            Assert.ThrowsAny<BlendInputException>(() => TrainingData.Load(temp.File("empty"), TrainingTestData.Fast)).Message);
        // The reference protocol needs the eval trials' held-out spikes.
        File.Delete(Path.Combine(plain, "eval_target.h5"));
        Assert.Contains("eval_spikes_heldout", Assert.ThrowsAny<BlendInputException>(
            () => TrainingData.Load(plain, TrainingTestData.Fast with { Protocol = SelectionProtocol.Reference })).Message);
    }
}
