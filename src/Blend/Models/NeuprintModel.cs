using Blend.Data.Identity;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// NeuPRINT's dynamics model f (Mi et al. 2023): each (window, neuron) is its own
/// sequence of W tokens; the token at frame t concatenates Linear(1 → a)(masked activity), the neuron's
/// time-invariant embedding Φ_i, the five population channels P_t (running, pupil, state, mean, SD) and, optionally,
/// the neuron's two neighbour channels. Tokens are scaled by √D, get a sinusoidal position code, pass pre-LayerNorm
/// encoder layers with banded causal attention, and a linear head predicts the activity at every frame. Neurons never
/// attend to each other; population information enters only through P and the neighbour channels.
/// <para>
/// A teacher sees the three behaviour channels of P; a student is the same model with those channels zero-filled, so
/// both have the same token layout and width (76 with the defaults, divisible by the 2 heads). Φ is not part of the
/// model: the caller passes the embedding rows, so f can be frozen while a fresh Φ table is fitted.
/// </para>
/// The predictions are returned as <see cref="ModelOutput.LogRates"/> (B × W × n, the layout every distillation
/// strategy expects; here they are predicted z-scored activity, not log-rates) and the last layer's output
/// (B·n × W × D) as the one feature layer.
/// </summary>
public sealed class NeuprintModel : nn.Module
{
    private readonly Linear activity_embedding;
    private readonly ModuleList<PreNormEncoderLayer> layers;
    private readonly Linear readout;
    private readonly FastDropout position_dropout;
    private readonly Tensor positions;
    private readonly NeuprintOptions _options;

    /// <summary>Builds f with freshly initialised weights; the position table covers windows of up to <paramref name="maxWindow"/> frames.</summary>
    /// <param name="options">Token widths, layers, heads, band and dropout.</param>
    /// <param name="seesBehavior">True for a teacher (fed the behaviour channels of P); false for a student.</param>
    /// <param name="maxWindow">Longest window W, in frames, the model will see.</param>
    /// <exception cref="BlendInputException">The token width is not divisible by the heads.</exception>
    public NeuprintModel(NeuprintOptions options, bool seesBehavior, int maxWindow) : base(nameof(NeuprintModel))
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        SeesBehavior = seesBehavior;
        TokenWidth = options.TokenWidth;
        if (TokenWidth % options.Heads != 0)
            throw new BlendInputException(
                $"neuprint: the token width {TokenWidth} (activity {options.ActivityDim} + embedding {options.EmbeddingDim} + 5 population" +
                $"{(options.UseNeighbours ? " + 2 neighbour" : "")} channels) is not divisible by {options.Heads} heads");
        activity_embedding = nn.Linear(1, options.ActivityDim);
        layers = nn.ModuleList(Enumerable.Range(0, options.Layers)
            .Select(_ => new PreNormEncoderLayer(TokenWidth, options.Heads, options.FeedforwardDim, options.ContextBackward, options.Dropout))
            .ToArray());
        readout = nn.Linear(TokenWidth, 1);
        position_dropout = new FastDropout(options.Dropout);
        positions = SinusoidalPositions.Table(maxWindow, TokenWidth);
        RegisterComponents();
    }

    /// <summary>The hyper-parameters the model was built with.</summary>
    public NeuprintOptions Options => _options;

    /// <summary>True for a teacher: the behaviour channels of P are fed; a student gets zeros there.</summary>
    public bool SeesBehavior { get; }

    /// <summary>D: the token (and feature) width.</summary>
    public int TokenWidth { get; }

    /// <summary>Longest window, in frames, the sinusoidal position table covers.</summary>
    public int MaxWindow => (int)positions.shape[0];

    /// <summary>
    /// Predicts the activity of every (window, neuron, frame). <paramref name="behavior"/> (B × 3 × W: running,
    /// pupil, state) is required for a teacher and must be null for a student.
    /// </summary>
    public ModelOutput Forward(NeuprintInput input, Tensor? behavior)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (SeesBehavior && behavior is null) throw new ArgumentException("a teacher NeuPRINT model needs the behaviour channels");
        if (!SeesBehavior && behavior is not null) throw new ArgumentException("a student NeuPRINT model takes no behaviour");
        using var scope = NewDisposeScope();
        var masked = input.MaskedActivity;
        long windows = masked.shape[0], neurons = masked.shape[1], frames = masked.shape[2];
        if (frames > MaxWindow) throw new ArgumentException($"window of {frames} frames exceeds the model's {MaxWindow}");

        var activity = activity_embedding.forward(masked.unsqueeze(-1)); // B × n × W × a
        var embedding = input.Embeddings.view(1, neurons, 1, -1).expand(windows, neurons, frames, -1);
        var behaviourChannels = behavior ?? zeros(windows, PopulationChannel.Behavior.Count, frames, dtype: masked.dtype, device: masked.device);
        var population = cat([behaviourChannels, input.PopulationActivity], 1) // B × 5 × W
            .transpose(1, 2).unsqueeze(1).expand(windows, neurons, frames, -1);
        var parts = new List<Tensor> { activity, embedding, population };
        if (_options.UseNeighbours) parts.Add(input.Neighbours.transpose(2, 3));
        var tokens = cat(parts, -1).reshape(windows * neurons, frames, TokenWidth);

        var x = position_dropout.forward(tokens * Math.Sqrt(TokenWidth) + positions.narrow(0, 0, frames));
        foreach (var layer in layers) x = layer.forward(x);
        var predicted = readout.forward(x).view(windows, neurons, frames).transpose(1, 2); // B × W × n
        return new ModelOutput(predicted.MoveToOuterDisposeScope(), [x.MoveToOuterDisposeScope()]);
    }
}
