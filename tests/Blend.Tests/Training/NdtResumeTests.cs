using Blend.Models;
using Blend.Tests.Data;
using Blend.Training;
using static TorchSharp.torch;

namespace Blend.Tests.Training;

/// <summary>Kill-and-resume with the real NDT (dropout, attention): the resumed run ends bit-identical.</summary>
[Collection(Blend.Tests.Training.TorchTrainingCollection.Name)]
public class NdtResumeTests
{
    private static NdtModel Ndt(TrainingData data, int seed)
    {
        random.manual_seed(seed);
        return new NdtModel(new NdtOptions { Layers = 1, HiddenSize = 16, ContextForward = 3, ContextBackward = 3 },
            data.Layout.Neurons, data.Layout.Bins);
    }

    [Fact]
    public void ResumingAKilledNdtRunReproducesTheUninterruptedRun()
    {
        using var temp = new TempFolder();
        var options = TrainingTestData.Fast with { Epochs = 6, Lr = 5e-3, ValInterval = 2 };
        using var data = TrainingTestData.Data(options);

        float[] straight;
        using (var trainer = new Trainer(Ndt(data, 1), data, options))
        {
            trainer.Run(new TrainingRunOptions { CheckpointFolder = temp.File("a") });
            straight = TrainingTestData.Parameters(trainer.Model);
        }

        var run = new TrainingRunOptions { CheckpointFolder = temp.File("b") };
        using (var trainer = new Trainer(Ndt(data, 1), data, options))
            trainer.Run(run with { MaxEpochs = 3 }); // stopped after epoch 3, as a killed run leaves its last checkpoint
        using (var trainer = new Trainer(Ndt(data, 77), data, options))
        {
            trainer.Run(run with { Resume = true });
            Assert.Equal(straight, TrainingTestData.Parameters(trainer.Model));
        }
    }
}
