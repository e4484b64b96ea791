using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// LFADS' prior on the initial condition (lfads-torch): a diagonal Normal with a learned mean (init 0) and a fixed variance
/// (<c>ic_prior_var</c>, a buffer, not trained). The KL from a diagonal posterior is analytic.
/// </summary>
public sealed class LfadsIcPrior : nn.Module
{
    private readonly Parameter mean;
    private readonly double _logVariance;

    /// <summary>A diagonal Normal over <paramref name="dims"/> initial-condition dimensions with mean 0 and a fixed variance.</summary>
    /// <param name="dims">Initial-condition width (LFADS' <c>ic_dim</c>).</param>
    /// <param name="variance">Prior variance of every dimension (<c>ic_prior_var</c>); not learned.</param>
    public LfadsIcPrior(int dims, double variance) : base("MultivariateNormal")
    {
        mean = new Parameter(zeros(dims));
        _logVariance = Math.Log(variance);
        RegisterComponents();
    }

    /// <summary>The learned prior mean (D), initialised to 0; a causal LFADS starts every trial's generator from it.</summary>
    public Parameter Mean => mean;

    /// <summary>
    /// mean over trials of Σ_d [ln(σ_p/σ_q) + (σ_q² + (μ_q − μ_p)²)/(2σ_p²) − ½] for a posterior N(μ_q, σ_q²) (B × D each).
    /// </summary>
    public Tensor Kl(Tensor posteriorMean, Tensor posteriorStd)
    {
        using var scope = NewDisposeScope();
        double priorVariance = Math.Exp(_logVariance);
        var perDim = posteriorStd.log().neg().add(0.5 * _logVariance)
            .add(posteriorStd.square().add(posteriorMean.sub(mean).square()).div(2 * priorVariance))
            .sub(0.5);
        return perDim.sum(-1).mean().MoveToOuterDisposeScope();
    }
}
