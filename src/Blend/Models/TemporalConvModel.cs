using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// A small, fast stand-in with the <see cref="NeuralDynamicsModel"/> contract: input × √N (behavior × √D appended for a
/// teacher) → linear embedding to <see cref="NdtOptions.HiddenSize"/> + a learned position table → dropout → per layer a
/// pre-norm residual block whose temporal convolution sees bins t − <see cref="NdtOptions.ContextBackward"/> …
/// t + <see cref="NdtOptions.ContextForward"/> (like NDT's attention band) → final LayerNorm → dropout → linear
/// log-rate readout. Uses Layers, HiddenSize, the three dropouts and the context sizes; ignores the rest.
/// </summary>
public sealed class TemporalConvModel : NeuralDynamicsModel
{
    private readonly int _neurons, _behaviorDims, _hidden, _backward, _forward;
    private readonly Linear embed;
    private readonly Parameter position;
    private readonly FastDropout embedDropout, rateDropout;
    private readonly ModuleList<LayerNorm> norms;
    private readonly ModuleList<Conv1d> convs;
    private readonly ModuleList<FastDropout> dropouts;
    private readonly LayerNorm finalNorm;
    private readonly Linear readout;

    /// <summary>Builds the model; a teacher when <paramref name="behaviorDims"/> &gt; 0.</summary>
    /// <param name="options">Reads Layers, HiddenSize, the three dropouts and the context sizes.</param>
    /// <param name="neurons">Neurons N in the input and the readout.</param>
    /// <param name="bins">Bins per trial: the length of the learned position table.</param>
    /// <param name="behaviorDims">Behavior channels D of a teacher; 0 for a student.</param>
    public TemporalConvModel(NdtOptions options, int neurons, int bins, int behaviorDims = 0) : base(nameof(TemporalConvModel))
    {
        _neurons = neurons;
        _behaviorDims = behaviorDims;
        _hidden = options.HiddenSize;
        _backward = options.ContextBackward;
        _forward = options.ContextForward;
        embed = nn.Linear(neurons + behaviorDims, _hidden);
        position = new Parameter(randn(bins, _hidden).mul_(0.02));
        embedDropout = new FastDropout(options.DropoutEmbedding);
        norms = new ModuleList<LayerNorm>(Enumerable.Range(0, options.Layers).Select(_ => nn.LayerNorm(_hidden)).ToArray());
        convs = new ModuleList<Conv1d>(Enumerable.Range(0, options.Layers)
            .Select(_ => nn.Conv1d(_hidden, _hidden, _backward + _forward + 1)).ToArray());
        dropouts = new ModuleList<FastDropout>(Enumerable.Range(0, options.Layers).Select(_ => new FastDropout(options.Dropout)).ToArray());
        finalNorm = nn.LayerNorm(_hidden);
        rateDropout = new FastDropout(options.DropoutRates);
        readout = nn.Linear(_hidden, neurons);
        RegisterComponents();
    }

    /// <summary>Neurons N in the input and the predicted log-rates.</summary>
    public override int Neurons => _neurons;
    /// <summary>Behavior channels D of a teacher (0 for a student).</summary>
    public override int BehaviorDims => _behaviorDims;
    /// <summary>The hidden width (<c>model.hidden_size</c>).</summary>
    public override int FeatureWidth => _hidden;
    /// <summary>Residual blocks (<c>model.layers</c>); each block's output is one feature layer.</summary>
    public override int FeatureLayers => norms.Count;

    /// <summary>
    /// One pass: counts B × T × N and, for a teacher, behavior B × T × D (NaN read as 0) → log-rates B × T × N and each
    /// residual block's output (B × T × hidden).
    /// </summary>
    public override ModelOutput Forward(Tensor neural, Tensor? behavior = null)
    {
        using var scope = NewDisposeScope();
        var x = neural.mul(Math.Sqrt(_neurons));
        if (_behaviorDims > 0)
        {
            if (behavior is null) throw new ArgumentException("this model takes behavior input", nameof(behavior));
            x = cat([x, behavior.nan_to_num(0).mul(Math.Sqrt(_behaviorDims))], 2);
        }
        long bins = neural.shape[1];
        var h = embedDropout.forward(embed.forward(x).add(position.narrow(0, 0, bins)));
        var features = new List<Tensor>();
        for (int layer = 0; layer < convs.Count; layer++)
        {
            var y = norms[layer].forward(h).transpose(1, 2);
            y = nn.functional.pad(y, [_backward, _forward]);
            y = nn.functional.relu(convs[layer].forward(y)).transpose(1, 2);
            h = h.add(dropouts[layer].forward(y));
            features.Add(h);
        }
        var logRates = readout.forward(rateDropout.forward(finalNorm.forward(h)));
        return new ModelOutput(logRates.MoveToOuterDisposeScope(), features.Select(f => f.MoveToOuterDisposeScope()).ToArray());
    }
}
