using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// LFADS' prior on the inferred inputs (lfads-torch): per dimension an AR(1) process with learned log τ (bins) and log ν.
/// With α = exp(−1/τ), u₁ ~ N(0, ν/(1 − α²)) (the stationary variance) and u_t | u_{t−1} ~ N(α·u_{t−1}, ν).
/// The KL from the posterior is a single-sample estimate from a fresh posterior sample.
/// </summary>
public sealed class Ar1Prior : nn.Module
{
    private readonly Parameter log_tau, log_nu;

    /// <summary>An AR(1) prior over <paramref name="dims"/> inferred-input dimensions, every dimension starting from the same τ and ν.</summary>
    /// <param name="dims">Number of inferred-input dimensions D (LFADS' <c>co_dim</c>).</param>
    /// <param name="tau">Initial autocorrelation time constant τ, in bins (<c>co_prior_tau</c>); learned as log τ.</param>
    /// <param name="nu">Initial innovation variance ν (<c>co_prior_nu</c>); learned as log ν.</param>
    public Ar1Prior(int dims, double tau, double nu) : base("AutoregressiveMultivariateNormal")
    {
        log_tau = new Parameter(full(dims, Math.Log(tau)));
        log_nu = new Parameter(full(dims, Math.Log(nu)));
        RegisterComponents();
    }

    /// <summary>Learned log τ per dimension (D), τ in bins; α = exp(−1/τ) is the AR(1) coefficient.</summary>
    public Parameter LogTau => log_tau;
    /// <summary>Learned log ν per dimension (D): the log variance of each step's innovation.</summary>
    public Parameter LogNu => log_nu;

    /// <summary>ln p(u) summed over time and dimensions, per trial (B), for a sequence u of shape B × T × D.</summary>
    public Tensor LogDensity(Tensor u)
    {
        using var scope = NewDisposeScope();
        var alpha = log_tau.exp().reciprocal().neg().exp();
        var stationaryLogVar = log_nu - (1 - alpha.square()).log();
        // Condition each step on the previous one; the first step uses the stationary variance.
        var previous = nn.functional.pad(u.narrow(1, 0, u.shape[1] - 1), [0, 0, 1, 0]);
        var residual = u - alpha * previous;
        long steps = u.shape[1];
        var logVar = cat([stationaryLogVar.unsqueeze(0), log_nu.unsqueeze(0).expand(steps - 1, -1)]); // T × D
        var logDensity = NormalLogDensity(residual, logVar);
        return logDensity.sum([1, 2]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Single-sample KL(q ‖ p) averaged over trials for a posterior N(μ, σ²) (B × T × D each), estimated at a fresh
    /// sample ũ = μ + σ·ε: mean_b [Σ ln q(ũ) − Σ ln p(ũ)].
    /// </summary>
    public Tensor Kl(Tensor posteriorMean, Tensor posteriorStd, Tensor noise)
    {
        using var scope = NewDisposeScope();
        var sample = posteriorMean + posteriorStd * noise;
        // ln q(ũ) at ũ = μ + σε is −½ε² − ln σ − ½ln 2π, with gradients through μ and σ as the reference's rsample.
        var logPosterior = NormalLogDensity(sample - posteriorMean, posteriorStd.square().log()).sum([1, 2]);
        return (logPosterior - LogDensity(sample)).mean().MoveToOuterDisposeScope();
    }

    /// <summary>ln N(x; 0, exp(logVariance)) elementwise.</summary>
    internal static Tensor NormalLogDensity(Tensor x, Tensor logVariance) =>
        x.square().div(logVariance.exp()).add(logVariance).add(Math.Log(2 * Math.PI)).mul(-0.5);
}
