using TorchSharp;
using static TorchSharp.torch;
using Blend.Data;

namespace Blend.Models;

/// <summary>
/// Builds masked inputs and labels exactly as the BLEND reference (NDT's <c>mask.py</c>, timestep mode, zero masking;
/// NDT's <c>mask.py</c>):
/// <list type="number">
/// <item>Span decision (host stream): with probability <see cref="ExpandProbability"/> (and MASK_MAX_SPAN &gt; 1) draw
/// a width w uniformly from 1 … MASK_MAX_SPAN for the whole batch and use ratio MASK_RATIO / w; else w = 1.</item>
/// <item>A Bernoulli(ratio) draw per (trial, main bin), dilated to w bins when w &gt; 1 (odd w: a draw at t covers
/// t − (w−1)/2 … t + (w−1)/2; even w: t − w/2 + 1 … t + w/2), broadcast over the held-in neurons. In
/// <see cref="MaskMode.Full"/> (STNDT) the draw is per (trial, main bin, held-in neuron) and w only divides the ratio,
/// as STNDT's code does.</item>
/// <item>Labels: held-in counts at masked entries, <see cref="Unscored"/> elsewhere.</item>
/// <item>Inputs: each masked entry is zeroed with probability MASK_TOKEN_RATIO; of the rest, a fraction
/// MASK_RANDOM_RATIO gets a random integer in [0, max(batch after zeroing)); the others keep their count.</item>
/// <item>Held-out neurons (all main bins) and forward bins (all neurons): zero input, true labels.</item>
/// </list>
/// Every draw comes from the caller's <see cref="Generator"/> and <see cref="TrainingRandom"/>, so masks are
/// reproducible. NaN counts (unobserved bins) are never scored: their labels are <see cref="Unscored"/> and their
/// input is 0.
/// </summary>
public sealed class Masker
{
    /// <summary>The label of entries the loss ignores (PyTorch's ignore index, as in the reference).</summary>
    public const float Unscored = -100f;

    private readonly MaskingOptions _options;
    private readonly TrialLayout _layout;

    /// <summary>A masker for trials of <paramref name="layout"/>'s shape.</summary>
    /// <param name="options">Mode, ratios and span settings.</param>
    /// <param name="layout">Which neurons are held in and which bins are main bins (only those are masked).</param>
    public Masker(MaskingOptions options, TrialLayout layout)
    {
        _options = options;
        _layout = layout;
    }

    /// <summary>Chance of span masking at a (0-based) epoch: (epoch − ramp start) / (ramp end − ramp start), clamped to [0, 1].</summary>
    public static double ExpandProbability(MaskingOptions options, int epoch)
    {
        if (options.MaxSpan <= 1) return 0;
        double p = (epoch - options.RampStart) / (double)Math.Max(1, options.RampEnd - options.RampStart);
        return Math.Clamp(p, 0, 1);
    }

    /// <summary>The span width for one batch (step 1 above); draws from <paramref name="random"/> only when span masking can happen.</summary>
    public int DrawSpanWidth(double expandProbability, TrainingRandom random)
    {
        bool expand = _options.MaxSpan > 1 && expandProbability > 0 && random.NextDouble() < expandProbability;
        return expand ? 1 + random.Below(_options.MaxSpan) : 1;
    }

    /// <summary>Masks a batch of full trials (B × (T + F) × N); returns new input and label tensors.</summary>
    public (Tensor Input, Tensor Labels) Mask(Tensor spikes, double expandProbability, Generator generator, TrainingRandom random) =>
        Mask(spikes, DrawSpanWidth(expandProbability, random), generator);

    /// <summary>Masks with a given span width (1: single time steps).</summary>
    public (Tensor Input, Tensor Labels) Mask(Tensor spikes, int width, Generator generator)
    {
        CheckShape(spikes);
        using var scope = NewDisposeScope();
        long batch = spikes.shape[0];
        int bins = _layout.MainBins, heldin = _layout.HeldinNeurons;
        double ratio = width == 1 ? _options.Ratio : _options.Ratio / width;

        var heldinCounts = spikes.narrow(1, 0, bins).narrow(2, 0, heldin);
        var observed = heldinCounts.isnan().logical_not();
        Tensor masked;
        if (_options.Mode == MaskMode.Full)
        {
            // STNDT's full mode: one draw per entry; a span width only lowers the ratio (no dilation, as the reference).
            masked = rand(new[] { batch, (long)bins, heldin }, generator: generator).lt(ratio);
        }
        else
        {
            var steps = rand(new[] { batch, (long)bins }, generator: generator).lt(ratio);
            if (width > 1) steps = Dilate(steps, width);
            masked = steps.unsqueeze(2).expand(batch, bins, heldin);
        }

        var input = heldinCounts.nan_to_num(0);
        // rand < 1 always holds, so ratio 1 needs no draw (the same mask, without spending the stream).
        var replaced = _options.TokenRatio >= 1
            ? masked
            : rand(input.shape, generator: generator).lt(_options.TokenRatio).logical_and(masked);
        input = input.masked_fill(replaced, 0);
        if (_options.TokenRatio < 1 && _options.RandomRatio > 0)
        {
            var randomized = rand(input.shape, generator: generator).lt(_options.RandomRatio)
                .logical_and(masked).logical_and(replaced.logical_not());
            var high = input.max(); // torch.randint(batch.max(), …): after zeroing, held-in block only
            var draws = rand(input.shape, dtype: ScalarType.Float64, generator: generator).mul(high)
                .floor().minimum(high - 1).clamp_min(0).to_type(input.dtype);
            input = where(randomized, draws, input);
        }

        var fullInput = zeros_like(spikes);
        fullInput.narrow(1, 0, bins).narrow(2, 0, heldin).copy_(input);
        var labels = spikes.nan_to_num(Unscored);
        labels.narrow(1, 0, bins).narrow(2, 0, heldin)
            .copy_(where(masked.logical_and(observed), heldinCounts, full_like(heldinCounts, Unscored)));
        return (fullInput.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The reference's <c>expand_mask</c>: a box filter of width <paramref name="width"/> over time (conv1d with
    /// padding width / 2, last bin cropped for even widths), clamped to {0, 1}. <paramref name="steps"/> is B × T bool.
    /// </summary>
    public static Tensor Dilate(Tensor steps, int width)
    {
        if (width <= 1) return steps.alias();
        using var scope = NewDisposeScope();
        long bins = steps.shape[1];
        var kernel = ones(1, 1, width, dtype: ScalarType.Float32, device: steps.device);
        var spread = nn.functional.conv1d(steps.to_type(ScalarType.Float32).unsqueeze(1), kernel, padding: width / 2);
        if (width % 2 == 0) spread = spread.narrow(2, 0, bins);
        return spread.squeeze(1).gt(0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The input for inference (as the BLEND authors' code builds it): held-in counts of the main bins (NaN as 0), zeros for held-out neurons
    /// and forward bins. <paramref name="spikes"/> is B × (T + F) × N (only its held-in main block is read).
    /// </summary>
    public Tensor UnmaskedInput(Tensor spikes)
    {
        CheckShape(spikes);
        var input = zeros_like(spikes);
        using (NewDisposeScope())
            input.narrow(1, 0, _layout.MainBins).narrow(2, 0, _layout.HeldinNeurons)
                .copy_(spikes.narrow(1, 0, _layout.MainBins).narrow(2, 0, _layout.HeldinNeurons).nan_to_num(0));
        return input;
    }

    private void CheckShape(Tensor spikes)
    {
        if (spikes.ndim != 3 || spikes.shape[1] != _layout.Bins || spikes.shape[2] != _layout.Neurons)
            throw new ArgumentException(
                $"spikes of shape ({string.Join(", ", spikes.shape)}) do not fit the layout B × {_layout.Bins} × {_layout.Neurons}", nameof(spikes));
    }
}
