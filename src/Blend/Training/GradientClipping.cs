using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Training;

/// <summary>
/// <c>torch.nn.utils.clip_grad_norm_</c> without the host read-back: the global L2 norm of all gradients and the
/// clip coefficient min(1, max / (norm + 1e-6)) stay on the device, and every gradient is scaled by it.
/// </summary>
public static class GradientClipping
{
    /// <summary>Scales the gradients in place; returns the total norm before clipping (a 0-d tensor).</summary>
    public static Tensor ClipGlobalNorm(IEnumerable<Parameter> parameters, double maxNorm)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToArray();
        if (grads.Length == 0) return zeros(1).squeeze().MoveToOuterDisposeScope();
        var total = stack(grads.Select(g => g.norm()).ToArray()).norm();
        var coefficient = total.add(1e-6).reciprocal().mul(maxNorm).clamp_max(1.0);
        foreach (var g in grads) g.mul_(coefficient);
        return total.MoveToOuterDisposeScope();
    }
}
