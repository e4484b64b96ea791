using static TorchSharp.torch;

namespace Blend.Deployment.Onnx;

/// <summary>
/// Layers shared by the families' ONNX graphs, each written as the libtorch op it mirrors computes it: linear maps
/// (MatMul with the stored transpose, then the bias), LayerNorm (opset 17's LayerNormalization, PyTorch's ε 1e-5),
/// leading-block slices of tables sized for the trained window (positions, band masks) and the shape of a dynamic axis.
/// </summary>
internal static class OnnxOps
{
    /// <summary>x · Wᵀ + b for a PyTorch linear weight W (out × in) and optional bias, over the last axis.</summary>
    public static string Linear(OnnxGraph g, string x, Tensor weight, Tensor? bias, string name)
    {
        string transposed = g.Weight($"{name}.weight_t", weight.detach().t());
        string product = g.Node("MatMul", [x, transposed]);
        return bias is null ? product : g.Node("Add", [product, g.Weight($"{name}.bias", bias)]);
    }

    public static string LayerNorm(OnnxGraph g, string x, Tensor weight, Tensor bias, string name, double epsilon = 1e-5) =>
        g.Node("LayerNormalization", [x, g.Weight($"{name}.weight", weight), g.Weight($"{name}.bias", bias)], null,
            OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", (float)epsilon));

    /// <summary>The length of axis <paramref name="axis"/> of <paramref name="x"/> as a one-element int64 tensor.</summary>
    public static string AxisLength(OnnxGraph g, string x, int axis) =>
        g.Node("Shape", [x], null, OnnxAttribute.Int("start", axis), OnnxAttribute.Int("end", axis + 1));

    /// <summary>The first <paramref name="length"/> entries (a one-element int64 tensor) of each of <paramref name="axes"/> of a table.</summary>
    public static string Leading(OnnxGraph g, string table, string length, params long[] axes)
    {
        string ends = axes.Length == 1 ? length : g.Node("Concat", [.. axes.Select(_ => length)], null, OnnxAttribute.Int("axis", 0));
        return g.Node("Slice", [table, g.Int64s(new long[axes.Length]), ends, g.Int64s(axes)]);
    }

    public static string Scale(OnnxGraph g, string x, double factor) => g.Node("Mul", [x, g.Scalar((float)factor)]);
}
