namespace Blend.Reporting;

/// <summary>The names of what a report writes into an experiment folder, shared by the writers and the experiments that call them.</summary>
public static class ReportFiles
{
    /// <summary>The markdown report.</summary>
    public const string Report = "report.md";

    /// <summary>Everything the experiment measured, as JSON.</summary>
    public const string Results = "results.json";

    /// <summary>The folder of the report's figures (PNG).</summary>
    public const string Figures = "figures";
}
