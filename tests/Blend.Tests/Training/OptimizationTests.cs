using Blend.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Blend.Data;
using Blend.Models;

namespace Blend.Tests.Training;

public class OptimizationTests
{
    [Fact]
    public void ReferenceAdamWMatchesHandComputedSteps()
    {
        // pytorch_transformers.AdamW, lr 0.1, wd 0.01, eps 1e-6, betas (0.9, 0.999); values from the update rule in float64:
        // m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²; p ← p − lr √(1−β2^t)/(1−β1^t) · m/(√v + eps); p ← p − lr·wd·p.
        // (torch.optim.AdamW would give 0.8990002 for the first entry after step 1: it decays before the update.)
        using var scope = NewDisposeScope();
        var p = new Parameter(tensor(new[] { 1.0f, -2.0f }));
        using var optimizer = new ReferenceAdamW([("p", p)], lr: 0.1, weightDecay: 0.01, eps: 1e-6);
        double[][] expected = [[0.8991063178311903, -1.8981031590154858], [0.8179883951214387, -1.8534642767402996]];
        float[][] grads = [[0.5f, -1.0f], [0.1f, 0.3f]];
        for (int step = 0; step < 2; step++)
        {
            optimizer.ZeroGrad();
            // loss = g · p gives gradient g.
            p.mul(tensor(grads[step])).sum().backward();
            optimizer.Step();
            var values = p.detach().data<float>().ToArray();
            Assert.Equal(expected[step][0], values[0], 1e-6);
            Assert.Equal(expected[step][1], values[1], 1e-6);
        }
        var (state, steps) = optimizer.StateDict();
        Assert.Equal(2, steps["p"]);
        Assert.Equal(0.9 * 0.05 + 0.1 * 0.1, state["exp_avg.p"].data<float>()[0], 1e-7);
    }

    [Fact]
    public void OptimizerStateRoundTripsAndContinuesIdentically()
    {
        using var scope = NewDisposeScope();
        Parameter Make() => new(tensor(new[] { 0.3f, -0.7f, 1.1f }));
        var a = Make();
        var b = Make();
        using var first = new ReferenceAdamW([("w", a)], 0.05, 1e-3);
        using var second = new ReferenceAdamW([("w", b)], 0.05, 1e-3);
        void StepWith(ReferenceAdamW optimizer, Parameter p, float scale)
        {
            optimizer.ZeroGrad();
            p.pow(2).mul(scale).sum().backward();
            optimizer.Step();
        }
        StepWith(first, a, 1);
        StepWith(first, a, 2);
        var (tensors, steps) = first.StateDict();
        using (no_grad()) b.copy_(a);
        second.LoadStateDict(tensors, steps);
        StepWith(first, a, 3);
        StepWith(second, b, 3);
        Assert.Equal(a.detach().data<float>().ToArray(), b.detach().data<float>().ToArray());
    }

    [Fact]
    public void WarmupCosineScheduleFollowsPytorchTransformers()
    {
        var schedule = new WarmupCosineSchedule(Warmup: 5, Total: 25);
        Assert.Equal(0, schedule.Multiplier(0));                    // epoch 0 trains with lr 0 (reference §6.14)
        Assert.Equal(0.2, schedule.Multiplier(1), 12);
        Assert.Equal(0.8, schedule.Multiplier(4), 12);
        Assert.Equal(1, schedule.Multiplier(5), 12);
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI * 0.25)), schedule.Multiplier(10), 12);
        Assert.Equal(0.5, schedule.Multiplier(15), 12);
        Assert.Equal(0, schedule.Multiplier(25), 12);
        Assert.Equal(1, new WarmupCosineSchedule(0, 10).Multiplier(0)); // no warmup: full rate at once
        var mc = new WarmupCosineSchedule(5000, 50501);                   // the reference's MC_Maze values
        Assert.Equal(0.5, mc.Multiplier(2500), 12);
        Assert.Equal(1, mc.Multiplier(5000), 12);
        Assert.Equal(0, mc.Multiplier(50501), 12);
        var constant = new WarmupCosineSchedule(4, 100, Decay: false);    // lr_schedule: constant (lfads-torch)
        Assert.Equal(0.5, constant.Multiplier(2), 12);
        Assert.Equal(1, constant.Multiplier(4));
        Assert.Equal(1, constant.Multiplier(99));
    }

    [Fact]
    public void GlobalNormClippingScalesAllGradientsTogether()
    {
        using var scope = NewDisposeScope();
        var a = new Parameter(tensor(new[] { 1f }));
        var b = new Parameter(tensor(new[] { 1f }));
        a.mul(3).sum().add(b.mul(4).sum()).backward(); // gradients 3 and 4: norm 5
        var norm = GradientClipping.ClipGlobalNorm([a, b], 1.0);
        Assert.Equal(5, norm.item<float>(), 5);
        Assert.Equal(0.6f, a.grad!.item<float>(), 5);
        Assert.Equal(0.8f, b.grad!.item<float>(), 5);
        GradientClipping.ClipGlobalNorm([a, b], 10.0); // under the limit: unchanged
        Assert.Equal(0.6f, a.grad!.item<float>(), 5);
    }

    [Fact]
    public void MaskedPoissonLossIsTheMeanOverScoredEntries()
    {
        using var scope = NewDisposeScope();
        var logRates = tensor(new[] { 0f, MathF.Log(2), 1f, -1f }, [2, 2], requires_grad: true);
        var labels = tensor(new[] { 1f, Masker.Unscored, 0f, 3f }, [2, 2]);
        var loss = MaskedPoissonLoss.Mean(logRates, labels);
        // exp(r) − y·r: 1 − 0 = 1; e − 0 = e; e⁻¹ + 3 — the −100 entry is left out.
        double expected = (1 + Math.E + (Math.Exp(-1) + 3)) / 3;
        Assert.Equal(expected, loss.item<double>(), 6);
        loss.backward();
        var grad = logRates.grad!.data<float>().ToArray();
        Assert.Equal(0f, grad[1]); // unscored: no gradient
        Assert.Equal((1 - 1) / 3.0, grad[0], 6);
        Assert.Equal((Math.Exp(-1) - 3) / 3, grad[3], 6);
    }

    [Fact]
    public void TrainingRandomStateRestoresTheStream()
    {
        var random = TrainingRandom.For(7, "shuffle");
        random.Permutation(10);
        var copy = new TrainingRandom(random.State);
        Assert.Equal(random.Permutation(50), copy.Permutation(50));
        Assert.Equal(Enumerable.Range(0, 50), random.Permutation(50).Order());
        Assert.NotEqual(TrainingRandom.For(7, "a").NextUInt64(), TrainingRandom.For(7, "b").NextUInt64());
    }
}
