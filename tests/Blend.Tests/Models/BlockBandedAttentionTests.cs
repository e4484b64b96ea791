using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Tests.Models;

/// <summary>
/// Banded attention computed block by block equals the masked full attention, values and gradients; FastDropout's masks.
/// In the torch collection: the dropout tests seed libtorch's global generator, which tests running beside them draw from.
/// </summary>
[Collection(Blend.Tests.Training.TorchTrainingCollection.Name)]
public sealed class BlockBandedAttentionTests
{
    [Theory]
    [InlineData(180, 8, 4)]   // the reference's band over MC_Maze's 180 bins
    [InlineData(45, 10, 10)]
    [InlineData(97, 5, 0)]    // causal, bins not a multiple of the block
    [InlineData(61, 0, 7)]
    [InlineData(33, 30, 30)]  // a band wider than the trial
    public void BlocksEqualTheMaskedFullAttention(int bins, int backward, int forward)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        Tensor Random() => randn([3, 2, bins, 5], generator: generator).requires_grad_(true);
        var (q, k, v) = (Random(), Random(), Random());
        var mask = NdtModel.ContextMask(bins, backward, forward);
        var full = nn.functional.scaled_dot_product_attention(q, k, v, mask, 0.0);
        var blocked = BlockBandedAttention.Attend(q, k, v, backward, forward, 0.0);
        Assert.Equal(full.shape, blocked.shape);
        Assert.True(full.allclose(blocked, 1e-5, 1e-5), $"max difference {(full - blocked).abs().max().item<float>()}");

        var weights = randn(full.shape, generator: generator);
        var fullGrads = autograd.grad([full.mul(weights).sum()], [q, k, v]);
        var blockedGrads = autograd.grad([blocked.mul(weights).sum()], [q, k, v]);
        foreach (var (a, b) in fullGrads.Zip(blockedGrads)) Assert.True(a.allclose(b, 1e-4, 1e-5), $"gradient differs by {(a - b).abs().max().item<float>()}");
    }

    [Fact]
    public void BlocksAreUsedOnlyWhereTheyPay()
    {
        Assert.True(BlockBandedAttention.Pays(180, 8, 4));
        Assert.False(BlockBandedAttention.Pays(45, 10, 10));
        Assert.False(BlockBandedAttention.Pays(180, 60, 60));
        Assert.Equal(16, BlockBandedAttention.BlockFor(8, 4));
        Assert.Equal(24, BlockBandedAttention.BlockFor(10, 10));
    }

    [Fact]
    public void FastDropoutMasksFollowTheirDocumentedStreamWhateverTheVectorWidth()
    {
        using var scope = NewDisposeScope();
        const long Count = 3 * 16384 + 1000 + 7; // whole chunks, whole groups of 16 and a ragged tail
        random.manual_seed(5);
        ulong seed = (ulong)randint(long.MaxValue, [1], dtype: ScalarType.Int64).item<long>();
        random.manual_seed(5);
        var mask = FastDropout.Mask([Count], 0.3).data<float>().ToArray();
        uint threshold = (uint)Math.Ceiling(0.3 * 4294967296.0);
        float scale = (float)(1 / (1 - threshold / 4294967296.0));
        for (long chunk = 0; chunk * 16384 < Count; chunk++)
        {
            ulong state = seed ^ unchecked((ulong)chunk * 0xD1B54A32D192ED03UL);
            for (long group = 0; group * 16 < Math.Min(16384, Count - chunk * 16384); group++)
                for (int lane = 0; lane < 8; lane++)
                {
                    ulong z = unchecked(state + (ulong)(group * 8 + lane + 1) * 0x9E3779B97F4A7C15UL);
                    z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
                    z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
                    z ^= z >> 31;
                    long low = chunk * 16384 + group * 16 + lane, high = low + 8;
                    if (low < Math.Min(Count, (chunk + 1) * 16384)) Assert.Equal((uint)z >= threshold ? scale : 0f, mask[low]);
                    if (high < Math.Min(Count, (chunk + 1) * 16384)) Assert.Equal((uint)(z >> 32) >= threshold ? scale : 0f, mask[high]);
                }
        }
    }

    [Fact]
    public void FastDropoutKeepsOneMinusPScaledAndFollowsTheGlobalGenerator()
    {
        using var scope = NewDisposeScope();
        var x = ones(300_001);
        random.manual_seed(3);
        var first = FastDropout.Apply(x, 0.25);
        random.manual_seed(3);
        var again = FastDropout.Apply(x, 0.25);
        var next = FastDropout.Apply(x, 0.25);
        Assert.True(first.equal(again).all().item<bool>());
        Assert.False(first.equal(next).all().item<bool>());
        double kept = first.ne(0).to_type(ScalarType.Float64).mean().item<double>();
        Assert.InRange(kept, 0.745, 0.755);
        Assert.Equal(1 / 0.75, first.max().item<float>(), 5);
        Assert.InRange(first.mean().item<float>(), 0.99, 1.01);
        // The gradient is masked and scaled as the output.
        var input = ones(1000).requires_grad_(true);
        var output = FastDropout.Apply(input, 0.5);
        output.sum().backward();
        Assert.True(input.grad!.equal(output.detach()).all().item<bool>());
        var layer = new FastDropout(0.5);
        layer.eval();
        Assert.Same(x, layer.forward(x));
        Assert.True(FastDropout.Apply(x, 1).eq(0).all().item<bool>());
        Assert.Throws<ArgumentOutOfRangeException>(() => new FastDropout(1.5));
    }
}
