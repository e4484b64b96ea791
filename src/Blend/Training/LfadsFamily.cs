using Blend.Data;
using Blend.Models;

namespace Blend.Training;

/// <summary>LFADS (Pandarinath et al. 2018) as lfads-torch builds it (Sedler &amp; Pandarinath 2023), configured by <c>lfads:</c>.</summary>
public sealed class LfadsFamily : ModelFamily
{
    /// <summary>The <c>lfads:</c> section.</summary>
    public static readonly FamilySection<LfadsOptions> OptionsSection = new("lfads",
        "LFADS' sizes, priors and regularisers (lfads-torch's names)",
        new Dictionary<string, Func<object, string?>>
        {
            ["ic_enc_dim"] = ConfigRules.AtLeast(1),
            ["ci_enc_dim"] = ConfigRules.AtLeast(0),
            ["con_dim"] = ConfigRules.AtLeast(0),
            ["co_dim"] = ConfigRules.AtLeast(0),
            ["ic_dim"] = ConfigRules.AtLeast(1),
            ["gen_dim"] = ConfigRules.AtLeast(1),
            ["fac_dim"] = ConfigRules.AtLeast(1),
            ["ci_lag"] = ConfigRules.AtLeast(0),
            ["dropout"] = ConfigRules.Probability,
            ["cd_rate"] = ConfigRules.Probability,
            ["cell_clip"] = ConfigRules.Positive,
            ["ic_post_var_min"] = ConfigRules.NonNegative,
            ["ic_prior_var"] = ConfigRules.Positive,
            ["co_prior_tau"] = ConfigRules.Positive,
            ["co_prior_nu"] = ConfigRules.Positive,
            ["kl_ic_scale"] = ConfigRules.NonNegative,
            ["kl_co_scale"] = ConfigRules.NonNegative,
            ["kl_ramp_start"] = ConfigRules.AtLeast(0),
            ["kl_ramp_epochs"] = ConfigRules.AtLeast(0),
            ["l2_ic_enc_scale"] = ConfigRules.NonNegative,
            ["l2_ci_enc_scale"] = ConfigRules.NonNegative,
            ["l2_gen_scale"] = ConfigRules.NonNegative,
            ["l2_con_scale"] = ConfigRules.NonNegative,
            ["l2_ramp_start"] = ConfigRules.AtLeast(0),
            ["l2_ramp_epochs"] = ConfigRules.AtLeast(0),
            ["loss_scale"] = ConfigRules.Positive,
            ["posterior_samples"] = v => (int)v is >= 0 and <= 1000 ? null : "must be in 0..1000",
        });

    /// <inheritdoc/>
    public override string Name => "lfads";

    /// <inheritdoc/>
    public override string Description => "LFADS (Pandarinath et al. 2018), the sequential VAE of lfads-torch: encoders, controller, generator, factors";

    /// <inheritdoc/>
    public override string Objective => "ELBO (Poisson reconstruction with coordinated dropout + KL)";

    /// <inheritdoc/>
    public override FamilySection Section => OptionsSection;

    /// <inheritdoc/>
    public override string DemoConfig => "blend-demo-lfads.yaml";

    /// <inheritdoc/>
    public override NeuralDynamicsModel Create(TrainingConfig config, TrialLayout layout, int behaviorDims) =>
        new LfadsModel(config.Lfads, config.Model, layout, behaviorDims);

    /// <inheritdoc/>
    public override IEnumerable<string> Problems(TrainingConfig config)
    {
        var lfads = config.Lfads;
        if (config.Training.InferencePasses > 1)
            yield return $"training.inference_passes = {config.Training.InferencePasses} applies to masked-modeling models (ndt, stndt); LFADS infers from posterior means or lfads.posterior_samples";
        if (lfads.Causal && !(lfads.CiEncDim > 0 && lfads.ConDim > 0 && lfads.CoDim > 0))
            yield return "lfads.causal starts the generator from the initial-condition prior and drives it through the controller alone; it needs lfads.ci_enc_dim, con_dim and co_dim > 0";
    }
}
