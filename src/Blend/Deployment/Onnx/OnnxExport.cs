using System.Globalization;
using Blend.Data;
using Blend.Models;
using Blend.Training;
using static TorchSharp.torch;

namespace Blend.Deployment.Onnx;

/// <summary>What a model's ONNX graph needs besides the model: its trial geometry, inference passes and behavior decoder.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>The model's trial geometry (held-in and held-out neurons, main and forward bins): the graph's input and output widths and time length.</summary>
    public required TrialLayout Layout { get; init; }

    /// <summary><c>training.inference_passes</c>: K masked passes, as <see cref="RatePrediction"/> combines them (1: one unmasked pass).</summary>
    public int InferencePasses { get; init; } = 1;

    /// <summary>The bundle's decoder from rates to behavior; null leaves the <c>behavior</c> output out.</summary>
    public BehaviorDecoder? Decoder { get; init; }

    /// <summary>Key–value metadata stored in the model (ModelProto.metadata_props).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// A neural-only model's inference as an ONNX graph (opset 17), for runtimes outside .NET (ONNX Runtime, TensorRT, …):
/// input <c>heldin_counts</c> (batch × time × held-in neurons, float32 counts per bin, model channel order; forward
/// bins are rows of zeros), outputs <c>log_rates</c> and <c>rates</c> (batch × time × all neurons, held-in then
/// held-out), the model's latents by name and, with a decoder, <c>behavior</c> (batch × time × channels) — what
/// <see cref="BundlePredictor"/> computes, so the graph answers like <c>blend predict</c>. The batch axis is dynamic; the
/// time axis too where the architecture allows (NDT: any length up to the trained window; STNDT and LFADS: the window).
/// Adding a family is one <see cref="IOnnxFamily"/> and one entry in <see cref="Families"/>.
/// </summary>
public static class OnnxExport
{
    internal static readonly IOnnxFamily[] Families = [new NdtOnnx(), new StndtOnnx(), new LfadsOnnx()];

    /// <summary>Name of the graph's one input: held-in counts, batch × time × held-in neurons (float32).</summary>
    public const string InputName = "heldin_counts";

    /// <summary>The ONNX operator set of the graphs.</summary>
    public const long Opset = OnnxGraph.Opset;

    /// <summary>Whether the graph of <paramref name="model"/> takes only its trained window's length (STNDT, LFADS) rather than any length up to it (NDT).</summary>
    public static bool HasFixedTime(NeuralDynamicsModel model) => Family(model).FixedTime(model);

    /// <summary>Whether <paramref name="model"/>'s family can be exported.</summary>
    public static bool Supports(NeuralDynamicsModel model) => Families.Any(f => f.Writes(model));

    /// <summary>The serialised ONNX model of <paramref name="model"/> (in eval mode, weights as they are now).</summary>
    public static byte[] Build(NeuralDynamicsModel model, OnnxExportOptions options)
    {
        var family = Family(model);
        if (model.BehaviorDims > 0)
            throw new BlendInputException("ONNX export: this model takes behavior as input (a teacher); export a baseline or a student");
        var layout = options.Layout;
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var g = new OnnxGraph("blend");
            object time = family.FixedTime(model) ? layout.Bins : "time";
            string heldin = g.Input(InputName, "batch", time, layout.HeldinNeurons);
            string input = layout.HeldoutNeurons == 0 ? heldin
                : g.Node("Pad", [heldin, g.Int64s(0, 0, 0, 0, 0, layout.HeldoutNeurons)]);
            var (logRates, latents) = Passes(g, family, model, input, layout, options.InferencePasses);
            g.Output(logRates, "log_rates", "batch", time, layout.Neurons);
            string rates = g.Node("Exp", [logRates], "rates");
            g.Output(rates, "rates", "batch", time, layout.Neurons);
            foreach (var (name, value) in latents) g.Output(value, name, "batch", time, "width_" + name);
            if (options.Decoder is { } decoder)
            {
                var weights = tensor(decoder.Coefficients.Select(v => (float)v).ToArray(), [decoder.Features, decoder.Outputs]);
                var intercepts = tensor(decoder.Intercepts.Select(v => (float)v).ToArray(), [decoder.Outputs]);
                string decoded = g.Node("Add", [g.Node("MatMul", [rates, g.Weight("decoder.coefficients", weights)]), g.Weight("decoder.intercepts", intercepts)]);
                g.Output(decoded, "behavior", "batch", time, decoder.Outputs);
            }
            var metadata = new Dictionary<string, string>(options.Metadata)
            {
                ["architecture"] = model.GetType().Name,
                ["heldin_neurons"] = layout.HeldinNeurons.ToString(CultureInfo.InvariantCulture),
                ["heldout_neurons"] = layout.HeldoutNeurons.ToString(CultureInfo.InvariantCulture),
                ["main_bins"] = layout.MainBins.ToString(CultureInfo.InvariantCulture),
                ["forward_bins"] = layout.ForwardBins.ToString(CultureInfo.InvariantCulture),
                ["inference_passes"] = options.InferencePasses.ToString(CultureInfo.InvariantCulture),
                ["time_axis"] = family.FixedTime(model) ? $"fixed: {layout.Bins} bins" : $"dynamic: up to {layout.Bins} bins",
            };
            return g.ToModel(BundleManifest.CurrentBlendVersion,
                $"Blend {model.GetType().Name}: {InputName} (batch × time × {layout.HeldinNeurons} held-in counts per bin) → log_rates, rates (× {layout.Neurons} neurons, held-in then held-out), latents" +
                (options.Decoder is null ? "" : ", behavior"), metadata);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private static IOnnxFamily Family(NeuralDynamicsModel model) => Families.FirstOrDefault(f => f.Writes(model))
        ?? throw new BlendInputException($"ONNX export: no writer for {model.GetType().Name} (exportable: NDT, STNDT, LFADS)");

    /// <summary>
    /// One unmasked pass, or K masked passes combined as <see cref="RatePrediction"/> does (pass k hides the held-in
    /// input at main bins t ≡ k mod K; a held-in main bin takes the log-rate of the pass that hid it, everything else the
    /// mean over passes) plus an unmasked pass for the latents, as <see cref="LatentPrediction"/> reads them.
    /// </summary>
    private static OnnxForward Passes(OnnxGraph g, IOnnxFamily family, NeuralDynamicsModel model, string input, TrialLayout layout, int passes)
    {
        var unmasked = family.Forward(g, model, input);
        if (passes == 1) return unmasked;
        if (!model.UsesMaskedInput) throw new BlendInputException($"inference_passes = {passes}: masked-pass inference needs a masked-modeling model; {model.GetType().Name} is not one");
        string bins = g.Node("Squeeze", [OnnxOps.AxisLength(g, input, 1)]);
        string step = g.Node("Unsqueeze", [g.Node("Range", [g.Int64Scalar(0), bins, g.Int64Scalar(1)]), g.Int64s(1)]); // T × 1
        string phase = g.Node("Mod", [step, g.Int64Scalar(passes)]);
        string isMain = g.Node("Less", [step, g.Int64Scalar(layout.MainBins)]);
        // 1 for the held-in channels, 0 for the held-out ones: 1 × N.
        var selector = Enumerable.Range(0, layout.Neurons).Select(c => c < layout.HeldinNeurons ? 1f : 0f).ToArray();
        string heldinChannels = g.Floats("heldin_channels", selector, 1, layout.Neurons);
        string one = g.Scalar(1);
        string? sum = null, heldinSum = null;
        for (int pass = 0; pass < passes; pass++)
        {
            string hidden = g.Node("Cast", [g.Node("And", [g.Node("Equal", [phase, g.Int64Scalar(pass)]), isMain])], null, OnnxAttribute.Int("to", 1));
            string keep = g.Node("Sub", [one, g.Node("Mul", [hidden, heldinChannels])]);
            string logRates = family.Forward(g, model, g.Node("Mul", [input, keep])).LogRates;
            sum = sum is null ? logRates : g.Node("Add", [sum, logRates]);
            string fromThisPass = g.Node("Mul", [logRates, hidden]);
            heldinSum = heldinSum is null ? fromThisPass : g.Node("Add", [heldinSum, fromThisPass]);
        }
        string mean = g.Node("Div", [sum!, g.Scalar(passes)]);
        string heldinMain = g.Node("Mul", [g.Node("Cast", [isMain], null, OnnxAttribute.Int("to", 1)), heldinChannels]);
        string combined = g.Node("Add", [g.Node("Mul", [heldinMain, heldinSum!]), g.Node("Mul", [g.Node("Sub", [one, heldinMain]), mean])]);
        return new OnnxForward(combined, unmasked.Latents);
    }
}
