using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Deployment.Onnx;

/// <summary>
/// LFADS' posterior-mean pass (<c>LfadsModel.Run</c> in eval mode) as ONNX, unrolled over the trained window: the
/// bidirectional clipped-GRU encoders over the held-in main bins (the backward cell walking the bins in reverse), the
/// initial condition's posterior mean → g₀, and per bin the controller (lagged encoder outputs and the previous factors
/// in, the inferred input's posterior mean u_t out) and the generator, the kernel-normalised factors and the readout.
/// Recurrences are written step by step (one clipped-GRU step is two MatMuls, Sigmoid, Tanh and a Clip), so the time axis
/// is the trained window. Latents: factors, generator_states and, with a controller, inferred_inputs.
/// </summary>
internal sealed class LfadsOnnx : IOnnxFamily
{
    public bool Writes(NeuralDynamicsModel model) => model is LfadsModel;

    public bool FixedTime(NeuralDynamicsModel model) => true;

    public OnnxForward Forward(OnnxGraph g, NeuralDynamicsModel neuralModel, string input)
    {
        var model = (LfadsModel)neuralModel;
        var o = model.Options;
        var state = model.state_dict();
        int main = model.Layout.MainBins, heldin = model.Layout.HeldinNeurons, bins = model.Layout.Bins;
        float clip = (float)o.CellClip;
        // The encoders read the held-in neurons of the main bins.
        string encod = g.Node("Slice", [input, g.Int64s(0, 0), g.Int64s(main, heldin), g.Int64s(1, 2)]);

        string icMean;
        if (o.Causal) // the prior's mean for every trial (LfadsOptions.Causal)
            icMean = g.Node("Expand", [g.Weight("ic_prior.mean", state["ic_prior.mean"]),
                g.Node("Concat", [OnnxOps.AxisLength(g, input, 0), g.Int64s(o.IcDim)], null, OnnxAttribute.Int("axis", 0))]);
        else
        {
            var (icForward, icBackward) = Encoder(g, encod, state, "ic_enc", o.IcEncDim, main, clip);
            string icParameters = OnnxOps.Linear(g, g.Node("Concat", [icForward[^1], icBackward[0]], null, OnnxAttribute.Int("axis", -1)),
                state["ic_linear.weight"], state["ic_linear.bias"], "ic_linear");
            icMean = LastAxis(g, icParameters, 0, o.IcDim);
        }
        string generatorState = OnnxOps.Linear(g, icMean, state["ic_to_g0.weight"], state["ic_to_g0.bias"], "ic_to_g0");
        using var factorWeight = nn.functional.normalize(state["factor_map.weight"], p: 2, dim: 1);
        string factorKernel = g.Weight("factor_map.normalized_weight_t", factorWeight.t());
        string factors = g.Node("MatMul", [generatorState, factorKernel]);

        var generator = new GruWeights(g, state, "generator", o.GenDim);
        // The generator's input projection of a zero input: its bias (plus W·u_t with a controller).
        string generatorBias = g.Weight("generator.bias_ih", state["generator.bias_ih"]);
        var states = new List<string>(bins);
        var factorSteps = new List<string>(bins);
        var inferred = new List<string>(bins);
        if (!model.HasController)
        {
            for (int t = 0; t < bins; t++)
            {
                generatorState = generator.Step(g, generatorBias, generatorState, clip);
                states.Add(generatorState);
            }
        }
        else
        {
            var (ciForward, ciBackward) = Encoder(g, encod, state, "ci_enc", o.CiEncDim, main, clip);
            int ciWidth = 2 * o.CiEncDim;
            var controllerInput = state["controller.weight_ih"];
            string ciKernel = g.Weight("controller.weight_ih_ci_t", controllerInput.narrow(1, 0, ciWidth).t());
            string controllerFactorKernel = g.Weight("controller.weight_ih_factors_t", controllerInput.narrow(1, ciWidth, o.FacDim).t());
            string controllerBias = g.Weight("controller.bias_ih", state["controller.bias_ih"]);
            var controller = new GruWeights(g, state, "controller", o.ConDim);
            string coKernel = g.Weight("co_linear.weight_t", state["co_linear.weight"].t());
            string coBias = g.Weight("co_linear.bias", state["co_linear.bias"]);
            string generatorInputKernel = g.Weight("generator.weight_ih_t", state["generator.weight_ih"].t());
            // c₀: the learned initial state, one row per trial.
            string controllerState = g.Node("Expand", [g.Weight("con_h0", state["con_h0"]),
                g.Node("Concat", [OnnxOps.AxisLength(g, input, 0), g.Int64s(o.ConDim)], null, OnnxAttribute.Int("axis", 0))]);
            string zeros = g.Node("Mul", [ciForward[0], g.Scalar(0)]); // B × H of zeros: the lag's padding
            for (int t = 0; t < bins; t++)
            {
                // ci_t = [fwd_{t − lag} ‖ bwd_{t + lag}], zeros outside the main bins (LfadsModel.LagAndPad).
                int from = t - o.CiLag, to = t + o.CiLag;
                string ciForwardPart = t < main && from >= 0 ? ciForward[from] : zeros;
                string ciBackwardPart = t < main && to < main && !o.Causal ? ciBackward[to] : zeros;
                string ci = g.Node("Concat", [ciForwardPart, ciBackwardPart], null, OnnxAttribute.Int("axis", -1));
                string projected = g.Node("Add", [g.Node("Add", [g.Node("MatMul", [ci, ciKernel]), controllerBias]), g.Node("MatMul", [factors, controllerFactorKernel])]);
                controllerState = controller.Step(g, projected, controllerState, clip);
                string coMean = LastAxis(g, g.Node("Add", [g.Node("MatMul", [controllerState, coKernel]), coBias]), 0, o.CoDim);
                inferred.Add(coMean);
                string generatorInput = g.Node("Add", [generatorBias, g.Node("MatMul", [coMean, generatorInputKernel])]);
                generatorState = generator.Step(g, generatorInput, generatorState, clip);
                states.Add(generatorState);
                factors = g.Node("MatMul", [generatorState, factorKernel]);
                factorSteps.Add(factors);
            }
        }
        string generatorStates = Stack(g, states);
        string factorSequence = model.HasController ? Stack(g, factorSteps) : g.Node("MatMul", [generatorStates, factorKernel]);
        string logRates = OnnxOps.Linear(g, factorSequence, state["readout.weight"], state["readout.bias"], "readout");
        var latents = new List<(string, string)> { ("factors", factorSequence), ("generator_states", generatorStates) };
        if (model.HasController) latents.Add(("inferred_inputs", Stack(g, inferred)));
        return new OnnxForward(logRates, latents);
    }

    /// <summary>
    /// A bidirectional clipped-GRU encoder (<c>BidirectionalClippedGru</c>) over <paramref name="x"/> (B × T × I): each
    /// direction's state after every bin, the forward one after bins 0…t, the backward one after bins T−1…t.
    /// </summary>
    private static (string[] Forward, string[] Backward) Encoder(OnnxGraph g, string x, IReadOnlyDictionary<string, Tensor> state, string prefix, int hidden, int steps, float clip)
    {
        var forwardCell = new GruWeights(g, state, $"{prefix}.forward_cell", hidden);
        var backwardCell = new GruWeights(g, state, $"{prefix}.backward_cell", hidden);
        string forwardProjected = forwardCell.ProjectInput(g, x);
        string backwardProjected = backwardCell.ProjectInput(g, x);
        string batch = OnnxOps.AxisLength(g, x, 0);
        string shape = g.Node("Concat", [batch, g.Int64s(hidden)], null, OnnxAttribute.Int("axis", 0));
        var h0 = state[$"{prefix}.h0"];
        string forwardState = g.Node("Expand", [g.Weight($"{prefix}.h0.forward", h0[0]), shape]);
        string backwardState = g.Node("Expand", [g.Weight($"{prefix}.h0.backward", h0[1]), shape]);
        var forward = new string[steps];
        var backward = new string[steps];
        for (int t = 0; t < steps; t++)
        {
            forwardState = forwardCell.Step(g, Bin(g, forwardProjected, t), forwardState, clip);
            forward[t] = forwardState;
        }
        for (int t = steps - 1; t >= 0; t--)
        {
            backwardState = backwardCell.Step(g, Bin(g, backwardProjected, t), backwardState, clip);
            backward[t] = backwardState;
        }
        return (forward, backward);
    }

    private static string Bin(OnnxGraph g, string sequence, int t) => g.Node("Gather", [sequence, g.Int64Scalar(t)], null, OnnxAttribute.Int("axis", 1));

    private static string LastAxis(OnnxGraph g, string x, long start, long length) =>
        g.Node("Slice", [x, g.Int64s(start), g.Int64s(start + length), g.Int64s(-1)]);

    /// <summary>B × D values, one per bin, as B × T × D.</summary>
    private static string Stack(OnnxGraph g, IReadOnlyList<string> steps) =>
        g.Node("Concat", [.. steps.Select(s => g.Node("Unsqueeze", [s, g.Int64s(1)]))], null, OnnxAttribute.Int("axis", 1));

    /// <summary>
    /// One <c>ClippedGruCell</c>'s weights in the graph: W_ih (I × 3H, transposed) and b_ih for the input projection, and
    /// W_hhᵀ split into its (z, r) and n parts, as <c>ClippedGruCell.Step</c> uses them.
    /// </summary>
    private sealed class GruWeights
    {
        private readonly string _prefix, _gatesKernel, _candidateKernel;
        private readonly IReadOnlyDictionary<string, Tensor> _state;
        private readonly int _hidden;

        public GruWeights(OnnxGraph g, IReadOnlyDictionary<string, Tensor> state, string prefix, int hidden)
        {
            _prefix = prefix;
            _state = state;
            _hidden = hidden;
            var recurrent = state[$"{prefix}.weight_hh"].t(); // H × 3H
            _gatesKernel = g.Weight($"{prefix}.weight_hh_t_gates", recurrent.narrow(1, 0, 2 * hidden));
            _candidateKernel = g.Weight($"{prefix}.weight_hh_t_candidate", recurrent.narrow(1, 2 * hidden, hidden));
        }

        /// <summary>W_ih·x + b_ih for every bin of x (B × T × I → B × T × 3H).</summary>
        public string ProjectInput(OnnxGraph g, string x) =>
            OnnxOps.Linear(g, x, _state[$"{_prefix}.weight_ih"], _state[$"{_prefix}.bias_ih"], _prefix);

        /// <summary>
        /// h' = clip(n + z ⊙ (h − n)) with [z, r] = σ(p_zr + h·W_zr) and n = tanh(p_n + (r ⊙ h)·W_n), from the step's
        /// input projection p (B × 3H, or 3H broadcast over the batch).
        /// </summary>
        public string Step(OnnxGraph g, string projected, string hidden, float clip)
        {
            string zr = g.Node("Sigmoid", [g.Node("Add", [LastAxis(g, projected, 0, 2 * _hidden), g.Node("MatMul", [hidden, _gatesKernel])])]);
            string z = LastAxis(g, zr, 0, _hidden), r = LastAxis(g, zr, _hidden, _hidden);
            string n = g.Node("Tanh", [g.Node("Add", [LastAxis(g, projected, 2 * _hidden, _hidden), g.Node("MatMul", [g.Node("Mul", [r, hidden]), _candidateKernel])])]);
            string next = g.Node("Add", [n, g.Node("Mul", [z, g.Node("Sub", [hidden, n])])]);
            return g.Node("Clip", [next, g.Scalar(-clip), g.Scalar(clip)]);
        }
    }
}
