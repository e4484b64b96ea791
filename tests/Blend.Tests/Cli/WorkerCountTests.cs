using Blend.Cli;
using Blend.Distillation;

namespace Blend.Tests.Cli;

/// <summary>
/// <c>--workers</c>: by default the cores over <c>training.threads</c> (one model at a time when libtorch takes every
/// core); at least 1; and one process when plug-ins registered here would be missing in a worker.
/// </summary>
[Collection(Blend.Tests.Training.TorchTrainingCollection.Name)] // alone: the plug-in count is process-wide
public sealed class WorkerCountTests
{
    [Fact]
    public void TheDefaultFillsTheCoresAtTheConfigsThreadCount()
    {
        Assert.Equal(Environment.ProcessorCount, CliOptions.Workers(null, threads: 1));
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), CliOptions.Workers(null, threads: 2));
        Assert.Equal(1, CliOptions.Workers(null, threads: 0));
        Assert.Equal(1, CliOptions.Workers(null, threads: 4 * Environment.ProcessorCount));
        Assert.Equal(3, CliOptions.Workers(3, threads: 1));
        Assert.Contains("--workers 0: at least 1", Assert.Throws<BlendInputException>(() => CliOptions.Workers(0, threads: 1)).Message);
    }

    [Fact]
    public void PluginsRegisteredInThisProcessKeepTheModelsHere()
    {
        using (DistillationStrategies.Register("worker-count-probe", (_, _) => new HardDistillation()))
        {
            Assert.Equal(1, CliOptions.Workers(null, threads: 1));
            Assert.Equal(1, CliOptions.Workers(1, threads: 1));
            var refused = Assert.Throws<BlendInputException>(() => CliOptions.Workers(2, threads: 1));
            Assert.Contains("do not exist in worker processes", refused.Message);
        }
    }
}
