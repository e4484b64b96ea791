namespace Blend.Evaluation;

/// <summary>The metric keys nlb_tools.evaluate reports.</summary>
public static class NlbMetricNames
{
    public const string CoBps = "co-bps";
    public const string VelR2 = "vel R2";
    public const string TpCorr = "tp corr";
    public const string PsthR2 = "psth R2";
    public const string FpBps = "fp-bps";
}
