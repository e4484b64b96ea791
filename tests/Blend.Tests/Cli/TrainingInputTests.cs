using Blend.Data;
using Blend.Tests.Data;
using Blend.Tests.Experiments;
using Blend.Tests.Training;

namespace Blend.Tests.Cli;

/// <summary>
/// Training inputs are checked with the rules <c>blend import</c> applies: invalid counts and too few trials are one line,
/// exit 2, nothing written; behavior that does not fit the spikes only stops a teacher; silent neurons are warned about.
/// </summary>
[Collection(TorchTrainingCollection.Name)]
public sealed class TrainingInputTests
{
    private static readonly string[] Tiny = [.. BlendExperimentTests.Tiny.SelectMany(s => new[] { "--set", s })];

    /// <summary>A copy of the tiny dataset with its train_input.h5 changed by <paramref name="change"/>.</summary>
    private static string Changed(TempFolder temp, Func<NlbTrainInput, NlbTrainInput> change)
    {
        string folder = temp.File("data");
        Directory.CreateDirectory(folder);
        foreach (string file in Directory.GetFiles(BlendExperimentTests.DataFolder.Value))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        string train = Path.Combine(folder, "train_input.h5");
        var changed = change(NlbTrainInput.Read(train));
        File.Delete(train);
        changed.Write(train);
        return folder;
    }

    private static NlbTrainInput With(NlbTrainInput input, Array3? heldin = null, Array3? behavior = null, int? trials = null)
    {
        Array3 First(Array3 a) => trials is int n ? new Array3(n, a.Time, a.Channels, a.Values[..(n * a.Time * a.Channels)]) : a;
        return new NlbTrainInput
        {
            SpikesHeldin = First(heldin ?? input.SpikesHeldin),
            SpikesHeldout = First(input.SpikesHeldout),
            Behavior = behavior ?? (input.Behavior is { } b ? First(b) : null),
            SpikesHeldinForward = input.SpikesHeldinForward is { } hf ? First(hf) : null,
            SpikesHeldoutForward = input.SpikesHeldoutForward is { } of ? First(of) : null,
            BehaviorForward = input.BehaviorForward is { } bf ? First(bf) : null,
        };
    }

    private static Array3 WithValue(Array3 a, int index, double value)
    {
        var copy = new Array3(a.Trials, a.Time, a.Channels, (double[])a.Values.Clone());
        copy.Values[index] = value;
        return copy;
    }

    [Theory]
    [InlineData(-1.0, "train_spikes_heldin holds 1 invalid count, the first -1 at trial 0, bin 0, neuron 3; counts must be ≥ 0")]
    [InlineData(double.PositiveInfinity, "the first Infinity at trial 0, bin 0, neuron 3; counts must be finite")]
    [InlineData(double.NaN, "the first NaN at trial 0, bin 0, neuron 3; counts must be finite")]
    public void InvalidCountsAreOneLineExit2AndNothingWritten(double value, string message)
    {
        using var temp = new TempFolder();
        string data = Changed(temp, input => With(input, heldin: WithValue(input.SpikesHeldin, 3, value)));
        foreach (string command in new[] { "train", "run" })
        {
            var result = CliRunner.Run([command, "--data", data, "--out", temp.File("out"), .. Tiny]);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains(message, result.Stderr);
            Assert.Single(result.Stderr.TrimEnd().Split('\n'));
            Assert.False(Directory.Exists(temp.File("out")));
        }
    }

    [Fact]
    public void OneTrainingTrialIsRefusedWithTheNumberNeeded()
    {
        using var temp = new TempFolder();
        string data = Changed(temp, input => With(input, trials: 1));
        var result = CliRunner.Run(["train", "--data", data, "--out", temp.File("out"), .. Tiny]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("1 training trial: need at least 2, one to train on and one to validate", result.Stderr);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void BehaviorWithFewerBinsOnlyStopsATeacher()
    {
        using var temp = new TempFolder();
        string data = Changed(temp, input => With(input, behavior: input.Behavior!.SliceTime(0, input.Behavior.Time - 5)));
        var train = CliRunner.Run(["train", "--data", data, "--out", temp.File("train"), .. Tiny]);
        Assert.True(train.ExitCode == 0, train.Stderr + train.Stdout);
        Assert.Contains("train_behavior (20, 25, 2) does not match 20 training trials × 30 bins", train.Stderr);
        var run = CliRunner.Run(["run", "--data", data, "--out", temp.File("run"), .. Tiny]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not match 20 training trials × 30 bins of train_spikes_heldin (20, 30, 20): BLEND's teacher learns from behavior", run.Stderr);
        Assert.Single(run.Stderr.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(temp.File("run")));
    }

    [Fact]
    public void SilentNeuronsAreWarnedAbout()
    {
        using var temp = new TempFolder();
        string data = Changed(temp, input =>
        {
            var silent = new Array3(input.SpikesHeldin.Trials, input.SpikesHeldin.Time, input.SpikesHeldin.Channels, (double[])input.SpikesHeldin.Values.Clone());
            for (int i = 2; i < silent.Values.Length; i += silent.Channels) silent.Values[i] = 0;
            return With(input, heldin: silent);
        });
        var result = CliRunner.Run(["train", "--data", data, "--out", temp.File("out"), .. Tiny]);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Contains("1 of 20 held-in neurons never spike in the training trials (columns 2)", result.Stderr);
    }

    [Fact]
    public void ResumeOnDifferentDataOfTheSameShapeIsRefusedNamingTheFile()
    {
        using var temp = new TempFolder();
        string data = Changed(temp, input => input);
        var first = CliRunner.Run(["train", "--data", data, "--out", temp.File("run"), "--max-epochs", "2", .. Tiny]);
        Assert.True(first.ExitCode == 0, first.Stderr + first.Stdout);
        Assert.True(File.Exists(temp.File("run/data.fingerprint.json")));
        // The same shapes, one count changed.
        string train = Path.Combine(data, "train_input.h5");
        var input = NlbTrainInput.Read(train);
        File.Delete(train);
        With(input, heldin: WithValue(input.SpikesHeldin, 0, input.SpikesHeldin.Values[0] + 1)).Write(train);
        var resumed = CliRunner.Run(["train", "--data", data, "--out", temp.File("run"), "--resume"]);
        Assert.Equal(2, resumed.ExitCode);
        Assert.Contains("--resume with different data: train_input.h5 has changed since the run started", resumed.Stderr);
        Assert.Single(resumed.Stderr.TrimEnd().Split('\n'));
    }
}
