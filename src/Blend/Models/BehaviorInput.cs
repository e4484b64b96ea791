using TorchSharp;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// Prepares privileged behavior for a teacher: z-scores each channel with training statistics (stored as buffers, so
/// checkpoints carry them to inference), replaces missing (NaN) values with 0 and appends one indicator channel that
/// is 1 where any channel of a bin was missing. Behavior is never truncated to integers unless the reference's
/// parity switch asks for it (the reference casts velocity to int64, turning NaN into −9.2e18).
/// </summary>
public sealed class BehaviorInput : nn.Module
{
    private readonly Tensor? mean, std;
    private readonly bool _indicator, _truncate;

    /// <summary>An encoder for <paramref name="dims"/> behavior channels; when normalising, its statistics are mean 0, SD 1 until <see cref="Fit"/> sets them.</summary>
    /// <param name="dims">Raw behavior channels D (≥ 1).</param>
    /// <param name="normalize">Z-score each channel with training statistics (<c>model.normalize_behavior</c>).</param>
    /// <param name="missingIndicator">Append a channel that is 1 in bins with any missing value (<c>model.behavior_missing_indicator</c>).</param>
    /// <param name="truncateLikeReference">Truncate behavior to integers first, as the reference does (parity only).</param>
    public BehaviorInput(int dims, bool normalize, bool missingIndicator, bool truncateLikeReference) : base("BehaviorInput")
    {
        if (dims < 1) throw new ArgumentOutOfRangeException(nameof(dims), $"behavior needs ≥ 1 channel, got {dims}");
        InputDims = dims;
        _indicator = missingIndicator;
        _truncate = truncateLikeReference;
        if (normalize)
        {
            // Buffers, so checkpoints carry the statistics; absent without normalisation (the reference's state dict).
            mean = zeros(dims);
            std = ones(dims);
        }
        RegisterComponents();
    }

    /// <summary>Raw behavior channels D the encoder takes.</summary>
    public int InputDims { get; }

    /// <summary>Channels after encoding: the behavior channels plus the missing-value indicator when enabled.</summary>
    public int OutputDims => InputDims + (_indicator ? 1 : 0);

    /// <summary>Sets the z-scoring statistics from the training trials' behavior (B × T × D, NaN ignored).</summary>
    public void Fit(Tensor trainingBehavior)
    {
        if (mean is null || std is null) return;
        using var scope = NewDisposeScope();
        var flat = trainingBehavior.reshape(-1, InputDims).to_type(ScalarType.Float64);
        var valid = flat.isnan().logical_not();
        // dim: named — a bare literal 0 would bind to sum(ScalarType) and sum as uint8.
        var count = valid.to_type(ScalarType.Float64).sum(dim: 0);
        if (count.min().item<double>() < 2)
            throw new BlendInputException("behavior: a channel has fewer than 2 known values in the training trials; cannot z-score it");
        var filled = flat.nan_to_num(0);
        var channelMean = filled.sum(dim: 0) / count;
        var deviation = (flat - channelMean).nan_to_num(0);
        var channelStd = (deviation.square().sum(dim: 0) / (count - 1)).sqrt().clamp_min(1e-8);
        using var noGrad = no_grad();
        mean.copy_(channelMean.to_type(mean.dtype));
        std.copy_(channelStd.to_type(std.dtype));
    }

    /// <summary>Encodes raw behavior (B × T × D, NaN = missing) to B × T × <see cref="OutputDims"/>: z-scored when normalising, missing values 0, plus the indicator channel when enabled.</summary>
    public Tensor Forward(Tensor behavior)
    {
        var missing = behavior.isnan();
        var x = _truncate ? behavior.to_type(ScalarType.Int64).to_type(behavior.dtype) : behavior;
        if (mean is not null && std is not null) x = (x - mean) / std;
        x = x.masked_fill(missing, 0);
        if (!_indicator) return x;
        var indicator = missing.any(-1, keepdim: true).to_type(x.dtype);
        return cat([x, indicator], -1);
    }
}
