using Blend.Evaluation;

namespace Blend.Tests.Evaluation;

/// <summary>Every case of the nlb_tools golden file, at the tolerances the project requires.</summary>
public class GoldenMetricsTests
{
    public static TheoryData<int> BitsPerSpikeCases => GoldenMetrics.IndicesOf("bits_per_spike");
    public static TheoryData<int> VelocityCases => GoldenMetrics.IndicesOf("velocity_decoding");
    public static TheoryData<int> PsthCases => GoldenMetrics.IndicesOf("psth_r2");

    [Fact]
    public void EveryCaseKindIsCovered()
    {
        var kinds = GoldenMetrics.Cases.Select(c => c.GetProperty("kind").GetString()!).Distinct().Order().ToArray();
        Assert.Equal(new[] { "bits_per_spike", "psth_r2", "velocity_decoding" }, kinds);
        Assert.Equal(GoldenMetrics.Cases.Count, BitsPerSpikeCases.Count + VelocityCases.Count + PsthCases.Count);
    }

    [Theory]
    [MemberData(nameof(BitsPerSpikeCases))]
    public void BitsPerSpikeMatchesNlbTools(int index)
    {
        var c = GoldenMetrics.Cases[index];
        var rates = GoldenMetrics.Array3(c.GetProperty("rates"));
        var spikes = GoldenMetrics.Array3(c.GetProperty("spikes"));
        GoldenMetrics.AssertRelative(c.GetProperty("expected").GetDouble(), PoissonLikelihood.BitsPerSpike(rates, spikes), 1e-9);
    }

    [Theory]
    [MemberData(nameof(BitsPerSpikeCases))]
    public void NegativeLogLikelihoodMatchesNlbTools(int index)
    {
        var c = GoldenMetrics.Cases[index];
        var rates = GoldenMetrics.Array3(c.GetProperty("rates"));
        var spikes = GoldenMetrics.Array3(c.GetProperty("spikes"));
        GoldenMetrics.AssertRelative(c.GetProperty("expected_nll").GetDouble(),
            PoissonLikelihood.NegativeLogLikelihood(rates, spikes), 1e-9);
    }

    [Theory]
    [MemberData(nameof(VelocityCases))]
    public void VelocityDecodingWithGridSearchMatchesNlbTools(int index) =>
        GoldenMetrics.AssertRelative(GoldenMetrics.Cases[index].GetProperty("expected").GetDouble(),
            Velocity(index, gridSearch: true), 1e-7);

    [Theory]
    [MemberData(nameof(VelocityCases))]
    public void VelocityDecodingWithFixedAlphaMatchesNlbTools(int index) =>
        GoldenMetrics.AssertRelative(GoldenMetrics.Cases[index].GetProperty("expected_no_grid_search").GetDouble(),
            Velocity(index, gridSearch: false), 1e-7);

    [Theory]
    [MemberData(nameof(PsthCases))]
    public void PsthR2MatchesNlbTools(int index)
    {
        var c = GoldenMetrics.Cases[index];
        double actual = PsthR2.EvalPsth(
            GoldenMetrics.Array3(c.GetProperty("psth")),
            GoldenMetrics.Array3(c.GetProperty("eval_rates")),
            GoldenMetrics.Jagged(c.GetProperty("eval_cond_idx")),
            GoldenMetrics.Ints(c.GetProperty("jitter")));
        GoldenMetrics.AssertRelative(c.GetProperty("expected").GetDouble(), actual, 1e-9);
    }

    private static double Velocity(int index, bool gridSearch)
    {
        var c = GoldenMetrics.Cases[index];
        return VelocityDecoding.Evaluate(
            GoldenMetrics.Array3(c.GetProperty("train_rates")),
            GoldenMetrics.Array3(c.GetProperty("train_behavior")),
            GoldenMetrics.Mask(c.GetProperty("train_decode_mask")),
            GoldenMetrics.Array3(c.GetProperty("eval_rates")),
            GoldenMetrics.Array3(c.GetProperty("eval_behavior")),
            GoldenMetrics.Mask(c.GetProperty("eval_decode_mask")),
            gridSearch);
    }
}
