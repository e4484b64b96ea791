using Blend.Models;

namespace Blend.Deployment.Onnx;

/// <summary>What one forward pass of a model gives in the graph: its log-rates and its named latents (B × T × width each).</summary>
internal sealed record OnnxForward(string LogRates, IReadOnlyList<(string Name, string Value)> Latents);

/// <summary>
/// How one model family writes its forward pass (eval mode: no dropout, posterior means) as ONNX nodes, from the
/// model's input (B × T × N float counts, held-out channels and forward bins zero) to log-rates and latents. One
/// implementation per family, registered in <see cref="OnnxExport.Families"/>.
/// </summary>
internal interface IOnnxFamily
{
    /// <summary>Whether this writer handles <paramref name="model"/>.</summary>
    bool Writes(NeuralDynamicsModel model);

    /// <summary>True when the graph only takes the trained window's length (the architecture fixes it); else any length up to it.</summary>
    bool FixedTime(NeuralDynamicsModel model);

    /// <summary>Appends one forward pass on <paramref name="input"/>; called again for each masked pass, sharing the weights.</summary>
    OnnxForward Forward(OnnxGraph graph, NeuralDynamicsModel model, string input);
}
