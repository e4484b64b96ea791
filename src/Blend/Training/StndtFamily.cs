using Blend.Data;
using Blend.Models;

namespace Blend.Training;

/// <summary>STNDT (Le &amp; Shlizerman 2022): NDT plus spatial attention and a contrastive term, configured by <c>stndt:</c>.</summary>
public sealed class StndtFamily : ModelFamily
{
    /// <summary>The <c>stndt:</c> section.</summary>
    public static readonly FamilySection<StndtOptions> OptionsSection = new("stndt",
        "what STNDT adds to the transformer keys of model: (the contrastive term and spatial attention)",
        new Dictionary<string, Func<object, string?>>
        {
            ["contrast_lambda"] = ConfigRules.NonNegative,
            ["contrast_temperature"] = ConfigRules.Positive,
            ["contrast_mask_ratio"] = v => (double)v is > 0 and <= 1 ? null : "must be in (0, 1]",
            ["contrast_mask_token_ratio"] = ConfigRules.Fraction,
            ["contrast_mask_random_ratio"] = ConfigRules.Fraction,
            ["spatial_heads"] = ConfigRules.AtLeast(0),
        });

    /// <inheritdoc/>
    public override string Name => "stndt";

    /// <inheritdoc/>
    public override string Description => "STNDT (Le & Shlizerman 2022): NDT with spatial (neuron × neuron) attention in every layer and a contrastive term";

    /// <inheritdoc/>
    public override string Objective => "masked Poisson NLL + contrastive term";

    /// <inheritdoc/>
    public override FamilySection Section => OptionsSection;

    /// <inheritdoc/>
    public override string DemoConfig => "blend-demo-stndt.yaml";

    /// <inheritdoc/>
    public override NeuralDynamicsModel Create(TrainingConfig config, TrialLayout layout, int behaviorDims) =>
        new StndtModel(config.Model, config.Stndt, layout, behaviorDims);

    /// <inheritdoc/>
    public override IEnumerable<string> Problems(TrainingConfig config)
    {
        if (config.Model.Causal)
            yield return "model.causal: STNDT's spatial attention reads each neuron's whole time course, so it has no causal form; use ndt (or lfads with lfads.causal)";
    }
}
