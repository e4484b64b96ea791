using Blend.Models;

namespace Blend.Deployment.Streaming;

/// <summary>One bin's answer from a <see cref="BinStream"/>: counts-per-bin rates and log-rates of every neuron (model order:
/// held-in then held-out), the latents, and behavior decoded by the bundle's decoder (null without one).</summary>
public sealed record StreamOutput(long Bin, float[] Rates, float[] LogRates, IReadOnlyList<(string Name, float[] Values)> Latents, float[]? Behavior);

/// <summary>
/// Closed-loop inference: push the held-in counts of one bin, get that bin's rates, latents and decoded behavior at once.
/// The model is causal (<see cref="NdtOptions.Causal"/>, <see cref="LfadsOptions.Causal"/>), so a bin's answer needs no
/// later bin, and each push costs one cached step per window, never a re-run of the window (managed code: a few small
/// matrix–vector products). Models read windows of their trained length with learned positions, so an unbounded stream
/// runs two windows staggered by half a window: every bin steps both, and the answer comes from the one that has seen
/// more of the stream (at least half a window once the stream is that long). Within the first window the answers equal
/// the batch forward of the stream's first bins; later, the batch forward of the window the answering one started at.
/// </summary>
public sealed class BinStream
{
    private readonly ICausalStepper[] _windows;
    private readonly BehaviorDecoder? _decoder;
    private readonly int _heldin, _neurons, _windowBins, _stagger;
    private readonly float[] _input;
    private long _bin;

    private BinStream(Func<ICausalStepper> create, int heldin, int neurons, int mainBins, BehaviorDecoder? decoder)
    {
        _windows = [create(), create()];
        _heldin = heldin;
        _neurons = neurons;
        _windowBins = Math.Min(mainBins, _windows[0].WindowBins);
        _stagger = Math.Max(1, _windowBins / 2);
        _decoder = decoder;
        _input = new float[neurons];
        Latents = _windows[0].Latents;
    }

    /// <summary>A stream over <paramref name="model"/> (causal NDT or LFADS, eval weights as they are) for windows of <paramref name="layout"/>'s main bins.</summary>
    public static BinStream For(NeuralDynamicsModel model, Training.TrialLayout layout, BehaviorDecoder? decoder = null)
    {
        Func<ICausalStepper> create = model switch
        {
            NdtModel ndt => () => new NdtStepper(ndt),
            LfadsModel lfads => () => new LfadsStepper(lfads),
            _ => throw new BlendInputException(
                $"streaming: no causal form of {model.GetType().Name}; train an NDT with model.causal: true (context_forward 0) or an LFADS with lfads.causal: true"),
        };
        return new BinStream(create, layout.HeldinNeurons, layout.Neurons, layout.MainBins, decoder);
    }

    /// <summary>A stream over a bundle's model and decoder.</summary>
    public static BinStream For(ModelBundle bundle)
    {
        using var model = bundle.CreateModel();
        return For(model, bundle.Manifest.Layout, bundle.Manifest.Decoder);
    }

    /// <summary>Held-in neurons each pushed bin must hold (model order).</summary>
    public int HeldinNeurons => _heldin;

    /// <summary>Neurons whose rates each answer holds (held-in then held-out).</summary>
    public int Neurons => _neurons;

    /// <summary>The window length, and the stagger between the two windows (half of it).</summary>
    public int WindowBins => _windowBins;

    public IReadOnlyList<(string Name, int Width)> Latents { get; }

    /// <summary>Bins pushed since the start or the last <see cref="Reset"/>.</summary>
    public long Bins => _bin;

    /// <summary>Starts over (a new trial, or after a gap in the recording).</summary>
    public void Reset()
    {
        foreach (var window in _windows) window.Reset();
        _bin = 0;
    }

    /// <summary>The answer for the next bin, from its held-in counts (model order; counts per bin, ≥ 0).</summary>
    public StreamOutput Push(ReadOnlySpan<float> heldinCounts)
    {
        if (heldinCounts.Length != _heldin)
            throw new BlendInputException($"bin {_bin}: {heldinCounts.Length} counts, the model reads {_heldin} held-in neurons");
        foreach (float count in heldinCounts)
            if (!(count >= 0) || float.IsInfinity(count))
                throw new BlendInputException($"bin {_bin}: counts must be finite and ≥ 0, got {count}");
        heldinCounts.CopyTo(_input);
        // Window 0 starts at bin 0, window 1 half a window later; each restarts when it has read a full window.
        var logRates = new float[_neurons];
        var spare = new float[_neurons];
        var latents = Latents.Select(l => (l.Name, Values: new float[l.Width])).ToArray();
        var spareLatents = Latents.Select(l => new float[l.Width]).ToArray();
        int answering = Answering();
        for (int w = 0; w < _windows.Length; w++)
        {
            var window = _windows[w];
            if (w == 1 && _bin < _stagger) continue; // not started yet
            if (window.Position == _windowBins) window.Reset();
            bool answers = w == answering;
            window.Step(_input, answers ? logRates : spare, answers ? [.. latents.Select(l => l.Values)] : spareLatents);
        }
        var rates = logRates.Select(MathF.Exp).ToArray();
        float[]? behavior = null;
        if (_decoder is not null)
        {
            var decoded = _decoder.Predict(new Data.RowMatrix(1, _neurons, [.. rates.Select(r => (double)r)]));
            behavior = [.. decoded.Values.Select(v => (float)v)];
        }
        return new StreamOutput(_bin++, rates, logRates, latents, behavior);
    }

    /// <summary>The window whose position at the current bin is the larger (it has read more of the stream).</summary>
    private int Answering()
    {
        if (_bin < _windowBins) return 0;
        long first = _bin % _windowBins, second = (_bin - _stagger) % _windowBins;
        return first >= second ? 0 : 1;
    }
}
