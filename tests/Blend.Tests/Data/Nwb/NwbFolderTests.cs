using Blend.Data;
using Blend.Data.Nwb;

namespace Blend.Tests.Data.Nwb;

/// <summary>Several NWB files (a DANDI folder) placed one after another on one grid, as nlb_tools does.</summary>
public sealed class NwbFolderTests
{
    [Fact]
    public void ALaterFileStartsAtTheNextWhole100MsAfterTheLastSamplePlus50Ms()
    {
        using var temp = new TempFolder();
        string maze = NlbTestFiles.Golden("mc_maze_fixture.nwb");
        File.Copy(maze, temp.File("a.nwb"));
        File.Copy(maze, temp.File("b.nwb"));
        var recording = MillisecondRecording.Load(NwbFile.Resolve(temp.Path), _ => true);
        // The fixture spans 56,446 samples: the last is 56.445 s, + 0.05 s → ceil(564.95) · 100 ms = 56,500 ms.
        Assert.Equal([0L, 56_500L], recording.FileOffsets);
        Assert.Equal(56_500 + 56_446, recording.Samples);
        Assert.Equal(84, recording.Trials.Count);
        Assert.Equal(42.0, recording.Trials.Numbers("trial_id")[42]); // ids continue after the first file's 42 trials
        Assert.Equal(recording.Trials.Times("start_time")[0] + 56_500 * PandasTime.NanosecondsPerMs, recording.Trials.Times("start_time")[42]);

        var train = new NlbTensorMaker(new BinnedRecording(recording, 5), NlbConversionParameters.For("mc_maze")).TrainInput();
        var golden = NlbTrainInput.Read(NlbTestFiles.Golden("train_input.h5"));
        Assert.Equal(54, train.SpikesHeldin.Trials);
        foreach (int half in new[] { 0, 1 })
        {
            var part = new Array3(27, 140, 20, train.SpikesHeldin.Values.AsSpan(half * 27 * 140 * 20, 27 * 140 * 20).ToArray());
            NwbTensorAssert.Exact(golden.SpikesHeldin, part, $"copy {half} train_spikes_heldin");
        }
    }
}
