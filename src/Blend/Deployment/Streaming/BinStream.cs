using System.Runtime.CompilerServices;
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
/// The per-bin methods are marked <see cref="System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization"/>:
/// compiled optimised at once, because a live stream cannot wait for tiered compilation to reach them.
/// </summary>
public sealed class BinStream
{
    private readonly ICausalStepper[] _windows;
    private readonly BehaviorDecoder? _decoder;
    private readonly int _heldin, _neurons, _windowBins, _stagger;
    private readonly float[] _input, _spareLogRates;
    private readonly float[][] _spareLatents, _answerLatents;
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
        _spareLogRates = new float[neurons];
        _spareLatents = [.. Latents.Select(l => new float[l.Width])];
        _answerLatents = new float[Latents.Count][];
    }

    /// <summary>A stream over <paramref name="model"/> (causal NDT or LFADS, eval weights as they are) for windows of <paramref name="layout"/>'s main bins.</summary>
    public static BinStream For(NeuralDynamicsModel model, Data.TrialLayout layout, BehaviorDecoder? decoder = null)
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

    /// <summary>The model's latents as each <see cref="StreamOutput"/> holds them: name and width, in order.</summary>
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        var latents = new (string Name, float[] Values)[Latents.Count];
        for (int k = 0; k < latents.Length; k++)
        {
            latents[k] = (Latents[k].Name, new float[Latents[k].Width]);
            _answerLatents[k] = latents[k].Values;
        }
        int answering = Answering();
        for (int w = 0; w < _windows.Length; w++)
        {
            var window = _windows[w];
            if (w == 1 && _bin < _stagger) continue; // not started yet
            if (window.Position == _windowBins) window.Reset();
            bool answers = w == answering;
            window.Step(_input, answers ? logRates : _spareLogRates, answers ? _answerLatents : _spareLatents);
        }
        var rates = new float[_neurons];
        for (int n = 0; n < _neurons; n++) rates[n] = MathF.Exp(logRates[n]);
        return new StreamOutput(_bin++, rates, logRates, latents, Decode(rates));
    }

    /// <summary>The bundle's ridge decoder on one bin's rates (coefficients features × outputs, row-major).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private float[]? Decode(float[] rates)
    {
        if (_decoder is null) return null;
        var behavior = new float[_decoder.Outputs];
        for (int o = 0; o < behavior.Length; o++)
        {
            double sum = _decoder.Intercepts[o];
            for (int f = 0; f < _decoder.Features; f++) sum += rates[f] * _decoder.Coefficients[f * _decoder.Outputs + o];
            behavior[o] = (float)sum;
        }
        return behavior;
    }

    /// <summary>The window whose position at the current bin is the larger (it has read more of the stream).</summary>
    private int Answering()
    {
        if (_bin < _windowBins) return 0;
        long first = _bin % _windowBins, second = (_bin - _stagger) % _windowBins;
        return first >= second ? 0 : 1;
    }
}
