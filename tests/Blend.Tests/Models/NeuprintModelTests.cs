using Blend.Data.Identity;
using Blend.Models;
using Blend.Tests.Training;
using Blend.Training.Identity;
using static TorchSharp.torch;

namespace Blend.Tests.Models;

[Collection(TorchTrainingCollection.Name)]
public class NeuprintModelTests
{
    private static readonly NeuprintOptions Small = new() { EmbeddingDim = 8, ActivityDim = 3, FeedforwardDim = 16, Dropout = 0 };

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void BandedAttentionEqualsFullAttentionWithABandMask(int context)
    {
        random.manual_seed(3);
        var attention = new BandedSelfAttention(width: 6, heads: 2, contextBackward: context, dropout: 0);
        attention.eval();
        var input = randn(4, 7, 6);
        var banded = attention.forward(input);

        // Reference: the W × W score matrix with −∞ outside t − c … t, as PyTorch's masked MultiheadAttention computes it.
        var parameters = attention.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var qkv = nn.functional.linear(input, parameters["in_proj.weight"], parameters["in_proj.bias"]).view(4, 7, 3, 2, 3);
        var q = qkv.select(2, 0).transpose(1, 2);
        var k = qkv.select(2, 1).transpose(1, 2);
        var v = qkv.select(2, 2).transpose(1, 2);
        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(3);
        var offsets = arange(7).view(7, 1) - arange(7).view(1, 7); // query − key
        var outside = offsets.lt(0).logical_or(offsets.gt(context));
        var weights = nn.functional.softmax(scores.masked_fill(outside, float.NegativeInfinity), -1);
        var mixed = weights.matmul(v).transpose(1, 2).reshape(4, 7, 6);
        var expected = nn.functional.linear(mixed, parameters["out_proj.weight"], parameters["out_proj.bias"]);
        Assert.True(allclose(banded, expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void ReleasedSizesGiveTheReferenceTokenWidthAndParameterCount()
    {
        var model = new NeuprintModel(new NeuprintOptions(), seesBehavior: true, maxWindow: 200);
        Assert.Equal(76, model.TokenWidth);
        // Reference §2.4: ≈ 0.34 M (FFN ≈ 311 k, attention ≈ 23 k); the unused log σ² head (77 parameters) is left out.
        long ffn = 76 * 2048 + 2048 + 2048 * 76 + 76, attention = 76 * 228 + 228 + 76 * 76 + 76, norms = 4 * 76;
        long expected = ffn + attention + norms + (1 * 5 + 5) + (76 + 1);
        Assert.Equal(expected, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void StudentZeroFillsBehaviourAndTeacherUsesIt()
    {
        random.manual_seed(5);
        var teacher = new NeuprintModel(Small, seesBehavior: true, maxWindow: 10);
        random.manual_seed(5);
        var student = new NeuprintModel(Small, seesBehavior: false, maxWindow: 10);
        teacher.eval();
        student.eval();
        var input = new NeuprintInput(randn(2, 3, 10), randn(3, 8), randn(2, 2, 10), randn(2, 3, 2, 10));
        var studentOut = student.Forward(input, null);
        Assert.Equal([2, 10, 3], studentOut.LogRates.shape);
        Assert.Equal([6, 10, model(Small)], studentOut.LayerFeatures[0].shape);
        // Same weights: the student equals the teacher fed zero behaviour, and differs from it fed real behaviour.
        Assert.True(allclose(studentOut.LogRates, teacher.Forward(input, zeros(2, 3, 10)).LogRates));
        Assert.False(allclose(studentOut.LogRates, teacher.Forward(input, randn(2, 3, 10)).LogRates));
        Assert.Throws<ArgumentException>(() => student.Forward(input, zeros(2, 3, 10)));
        Assert.Throws<ArgumentException>(() => teacher.Forward(input, null));

        static long model(NeuprintOptions o) => o.ActivityDim + o.EmbeddingDim + PopulationChannel.Count + 2;
    }

    [Fact]
    public void OddTokenWidthIsRefusedWithTheArithmetic()
    {
        var error = Assert.Throws<BlendInputException>(() => new NeuprintModel(Small with { ActivityDim = 4 }, true, 10));
        Assert.Contains("not divisible by 2 heads", error.Message);
    }

    [Fact]
    public void PredictionAtFrameTDependsOnlyOnFramesTMinusContextToT()
    {
        random.manual_seed(9);
        var model = new NeuprintModel(Small, seesBehavior: false, maxWindow: 12);
        model.eval();
        var activity = randn(1, 2, 12);
        var input = new NeuprintInput(activity, randn(2, 8), randn(1, 2, 12), randn(1, 2, 2, 12));
        var before = model.Forward(input, null).LogRates;
        var changed = activity.clone();
        changed[0, 0, 6] = changed[0, 0, 6] + 5; // frame 6 of neuron 0
        var after = model.Forward(input with { MaskedActivity = changed }, null).LogRates;
        var moved = (after - before).abs().gt(1e-6); // B × W × n
        for (int t = 0; t < 12; t++)
        {
            Assert.Equal(t is 6 or 7, moved[0, t, 0].item<bool>()); // lag-1 band: frames 6 and 7 see frame 6
            Assert.False(moved[0, t, 1].item<bool>()); // neurons never attend to each other
        }
    }
}
