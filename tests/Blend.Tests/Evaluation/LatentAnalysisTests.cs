using Blend.Data;
using Blend.Data.Synthetic;
using Blend.Evaluation;
using Blend.Tests.Cli;
using Blend.Tests.Data;

namespace Blend.Tests.Evaluation;

/// <summary>PCA of latent trajectories, latent R² against known latents, and reading a synthetic set's true latents.</summary>
public class LatentAnalysisTests
{
    [Fact]
    public void PcaFindsTheDirectionsOfLargestVarianceInOrder()
    {
        // x = 3·a·u + b·v + tiny noise, with u ⟂ v in 4-D: PC 1 = u, PC 2 = v, variance shares 9 : 1.
        double[] u = [0.5, 0.5, 0.5, 0.5], v = [0.5, -0.5, 0.5, -0.5];
        var random = new Random(3);
        var x = new RowMatrix(4000, 4);
        for (int r = 0; r < x.Rows; r++)
        {
            double a = random.NextDouble() * 2 - 1, b = random.NextDouble() * 2 - 1;
            for (int j = 0; j < 4; j++) x[r, j] = 10 + 3 * a * u[j] + b * v[j] + 1e-3 * (random.NextDouble() - 0.5);
        }
        var pca = PrincipalComponents.Fit(x, 2);
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(Math.Abs(u[j]), Math.Abs(pca.Components[0][j]), 2); // sample correlation of a and b tilts them slightly
            Assert.Equal(Math.Abs(v[j]), Math.Abs(pca.Components[1][j]), 2);
        }
        Assert.Equal(0.9, pca.ExplainedVarianceRatio[0], 2);
        Assert.Equal(0.1, pca.ExplainedVarianceRatio[1], 2);
        var projected = pca.Transform(x);
        double mean = Enumerable.Range(0, x.Rows).Average(r => projected[r, 0]);
        Assert.True(Math.Abs(mean) < 1e-9, $"projections are centred, got mean {mean}");
    }

    [Fact]
    public void LatentR2IsHighForAMixOfTheTrueLatentsAndLowForNoise()
    {
        var random = new Random(5);
        Array3 Random(int trials, int width)
        {
            var a = new Array3(trials, 20, width);
            for (int i = 0; i < a.Values.Length; i++) a.Values[i] = random.NextDouble() - 0.5;
            return a;
        }
        var trainTruth = Random(40, 3);
        var evalTruth = Random(15, 3);
        // Model latents: 8 random mixtures of the true latents (plus a little noise).
        var mix = Enumerable.Range(0, 24).Select(_ => random.NextDouble() - 0.5).ToArray();
        Array3 Mixed(Array3 truth)
        {
            var a = new Array3(truth.Trials, truth.Time, 8);
            for (int r = 0; r < truth.Rows; r++)
                for (int k = 0; k < 8; k++)
                {
                    double sum = 0.01 * (random.NextDouble() - 0.5);
                    for (int d = 0; d < 3; d++) sum += mix[k * 3 + d] * truth.Values[r * 3 + d];
                    a.Values[r * 8 + k] = sum;
                }
            return a;
        }
        Assert.True(LatentR2.Score(Mixed(trainTruth), trainTruth, Mixed(evalTruth), evalTruth) > 0.99);
        Assert.True(LatentR2.Score(Random(40, 8), trainTruth, Random(15, 8), evalTruth) < 0.05);
    }

    [Fact]
    public void GroundTruthLatentsAreTheDynamicsStateAndTheLaggedReach()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("synth", "--out", temp.File("s"), "--train-trials", "12", "--eval-trials", "5", "--conditions", "3",
            "--heldin", "10", "--heldout", "4", "--bins", "20", "--forward-bins", "4", "--bin-ms", "10", "--lag-ms", "30");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var truth = GroundTruthLatents.Read(temp.File("s"), mainBins: 20)!;
        Assert.Equal([12, 20, 5], truth.Train.Shape); // Lorenz: 3 dynamics dims + 2 reach dims
        Assert.Equal([5, 20, 5], truth.Eval.Shape);
        using var reader = Hdf5Reader.Open(temp.File("s/ground_truth.h5"));
        var reach = reader.ReadArray3("train/reach_latent");
        var dynamics = reader.ReadArray3("train/dynamics_latent");
        int lag = reach.Time - dynamics.Time;
        Assert.Equal(3, lag);
        Assert.Equal(reach[2, 7 + lag, 1], truth.Train[2, 7, 4]);
        Assert.Equal(dynamics[2, 7, 0], truth.Train[2, 7, 0]);
        Assert.Null(GroundTruthLatents.Read(temp.Path, 20));
    }
}
