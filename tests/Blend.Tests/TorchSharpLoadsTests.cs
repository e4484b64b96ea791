using TorchSharp;
using static TorchSharp.torch;

namespace Blend.Tests;

public class TorchSharpLoadsTests
{
    [Fact]
    public void TensorOpsAndBackwardRunOnThisMachine()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1f, 2f, 3f }, requires_grad: true);
        var y = (x * x).sum();
        y.backward();
        Assert.Equal(14f, y.item<float>(), 5);
        Assert.Equal(new float[] { 2f, 4f, 6f }, x.grad!.data<float>().ToArray());
    }
}
