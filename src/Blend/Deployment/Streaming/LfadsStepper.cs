using System.Runtime.CompilerServices;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Blend.Models;
using static TorchSharp.torch;

namespace Blend.Deployment.Streaming;

/// <summary>
/// A causal LFADS (<see cref="LfadsOptions.Causal"/>) one bin at a time, in managed code: the forward cell of the
/// controller-input encoder reads the bin (inside the main window), the controller reads the lagged encoder state and
/// the previous factors and emits the inferred input's posterior mean, the generator steps from it, and the
/// kernel-normalised factors give the log-rates — the posterior-mean pass of <c>LfadsModel.Run</c> at that bin.
/// </summary>
internal sealed class LfadsStepper : ICausalStepper
{
    private readonly LfadsOptions _o;
    private readonly int _heldin, _mainBins, _window;
    private readonly float _clip;
    private readonly Gru _encoder, _controller, _generator;
    private readonly DenseLayer _ciToController, _factorsToController, _coLinear, _factorMap, _readout;
    private readonly DenseLayer? _inferredToGenerator;
    private readonly float[] _encoderStart, _controllerStart, _generatorStart, _factorStart, _generatorBias;
    private readonly float[][] _encoderOutputs; // the encoder's state after each main bin of the window
    private readonly float[] _encoderState, _controllerState, _generatorState, _factors, _ci, _projected, _coParameters, _generatorInput;

    public LfadsStepper(LfadsModel model)
    {
        _o = model.Options;
        if (!_o.Causal) throw new BlendInputException("streaming needs a causal LFADS (lfads.causal: true): this one infers each trial's initial condition from all its bins");
        if (model.BehaviorDims > 0) throw new BlendInputException("streaming: this LFADS takes behavior as input (a teacher); stream a baseline or a student");
        var state = model.state_dict();
        _heldin = model.Layout.HeldinNeurons;
        _mainBins = model.Layout.MainBins;
        _window = model.Layout.Bins;
        _clip = (float)_o.CellClip;
        _encoder = Gru.From(state, "ci_enc.forward_cell", _o.CiEncDim);
        _controller = Gru.From(state, "controller", _o.ConDim);
        _generator = Gru.From(state, "generator", _o.GenDim);
        var controllerInput = state["controller.weight_ih"];
        _ciToController = DenseLayer.From(controllerInput.narrow(1, 0, 2 * _o.CiEncDim), state["controller.bias_ih"]);
        _factorsToController = DenseLayer.From(controllerInput.narrow(1, 2 * _o.CiEncDim, _o.FacDim), null);
        _coLinear = DenseLayer.From(state["co_linear.weight"], state["co_linear.bias"]);
        _inferredToGenerator = DenseLayer.From(state["generator.weight_ih"], null);
        _generatorBias = DenseLayer.Values(state["generator.bias_ih"]);
        using (var normalized = nn.functional.normalize(state["factor_map.weight"], p: 2, dim: 1)) _factorMap = DenseLayer.From(normalized, null);
        _readout = DenseLayer.From(state["readout.weight"], state["readout.bias"]);

        // The window's starting states: encoder h0 (forward), c0, and g0 from the IC prior's mean.
        _encoderStart = DenseLayer.Values(state["ci_enc.h0"][0]);
        _controllerStart = DenseLayer.Values(state["con_h0"]);
        _generatorStart = new float[_o.GenDim];
        DenseLayer.From(state["ic_to_g0.weight"], state["ic_to_g0.bias"]).Apply(DenseLayer.Values(state["ic_prior.mean"]), _generatorStart);
        _factorStart = new float[_o.FacDim];
        _factorMap.Apply(_generatorStart, _factorStart);

        _encoderOutputs = [.. Enumerable.Range(0, _mainBins).Select(_ => new float[_o.CiEncDim])];
        _encoderState = new float[_o.CiEncDim];
        _controllerState = new float[_o.ConDim];
        _generatorState = new float[_o.GenDim];
        _factors = new float[_o.FacDim];
        _ci = new float[2 * _o.CiEncDim];
        _projected = new float[3 * Math.Max(Math.Max(_o.ConDim, _o.GenDim), _o.CiEncDim)];
        _coParameters = new float[2 * _o.CoDim];
        _generatorInput = new float[3 * _o.GenDim];
        Reset();
    }

    public IReadOnlyList<(string Name, int Width)> Latents => [("factors", _o.FacDim), ("generator_states", _o.GenDim), ("inferred_inputs", _o.CoDim)];

    public int WindowBins => _window;

    public int Position { get; private set; }

    public void Reset()
    {
        Position = 0;
        _encoderStart.CopyTo(_encoderState, 0);
        _controllerStart.CopyTo(_controllerState, 0);
        _generatorStart.CopyTo(_generatorState, 0);
        _factorStart.CopyTo(_factors, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(ReadOnlySpan<float> input, Span<float> logRates, IReadOnlyList<float[]> latents)
    {
        int p = Position;
        if (p >= _window) throw new InvalidOperationException($"the window holds {_window} bins; Reset() before bin {p}");
        if (p < _mainBins)
        {
            var projected = _projected.AsSpan(0, 3 * _o.CiEncDim);
            _encoder.Project(input[.._heldin], projected);
            _encoder.Step(projected, _encoderState, _clip);
            _encoderState.CopyTo(_encoderOutputs[p], 0);
        }
        // ci_p = [forward state after bin p − lag ‖ zeros] inside the main window (LfadsModel.LagAndPad, causal).
        Array.Clear(_ci);
        int lagged = p - _o.CiLag;
        if (p < _mainBins && lagged >= 0) _encoderOutputs[lagged].CopyTo(_ci, 0);
        var controllerInput = _projected.AsSpan(0, 3 * _o.ConDim);
        _ciToController.Apply(_ci, controllerInput);
        _factorsToController.AddTo(_factors, controllerInput);
        _controller.Step(controllerInput, _controllerState, _clip);
        _coLinear.Apply(_controllerState, _coParameters);
        var inferred = _coParameters.AsSpan(0, _o.CoDim);
        _generatorBias.CopyTo(_generatorInput, 0);
        _inferredToGenerator!.AddTo(inferred, _generatorInput);
        _generator.Step(_generatorInput, _generatorState, _clip);
        _factorMap.Apply(_generatorState, _factors);
        _readout.Apply(_factors, logRates);
        _factors.CopyTo(latents[0], 0);
        _generatorState.CopyTo(latents[1], 0);
        inferred.CopyTo(latents[2]);
        Position = p + 1;
    }

    /// <summary>A <see cref="ClippedGruCell"/>: input projection W_ih·x + b_ih, and W_hh split into its (z, r) and n rows.</summary>
    private sealed class Gru(DenseLayer? input, DenseLayer gates, DenseLayer candidate, int hidden)
    {
        private readonly float[] _zr = new float[2 * hidden], _rh = new float[hidden], _n = new float[hidden];

        public static Gru From(IReadOnlyDictionary<string, Tensor> state, string prefix, int hidden)
        {
            var weightIh = state[$"{prefix}.weight_ih"];
            var weightHh = state[$"{prefix}.weight_hh"];
            return new Gru(weightIh.shape[1] > 0 ? DenseLayer.From(weightIh, state[$"{prefix}.bias_ih"]) : null,
                DenseLayer.From(weightHh.narrow(0, 0, 2 * hidden), null), DenseLayer.From(weightHh.narrow(0, 2 * hidden, hidden), null), hidden);
        }

        public void Project(ReadOnlySpan<float> x, Span<float> projected) => input!.Apply(x, projected);

        /// <summary>h ← clip(n + z ⊙ (h − n)), [z, r] = σ(p_zr + W_zr·h), n = tanh(p_n + W_n·(r ⊙ h)).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Step(ReadOnlySpan<float> projected, float[] h, float clip)
        {
            gates.Apply(h, _zr);
            TensorPrimitives.Add(_zr, projected[..(2 * hidden)], _zr);
            TensorPrimitives.Sigmoid(_zr, _zr);
            TensorPrimitives.Multiply(_zr.AsSpan(hidden, hidden), h, _rh);
            candidate.Apply(_rh, _n);
            TensorPrimitives.Add(_n, projected.Slice(2 * hidden, hidden), _n);
            TensorPrimitives.Tanh(_n, _n);
            for (int i = 0; i < hidden; i++) h[i] = Math.Clamp(_n[i] + _zr[i] * (h[i] - _n[i]), -clip, clip);
        }
    }
}
