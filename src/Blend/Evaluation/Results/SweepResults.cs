using System.Text.Json;
using Blend.Evaluation;
using Blend.Evaluation.Statistics;

namespace Blend.Evaluation.Results;

/// <summary>One row of a collected sweep: one model of one setting of one family, over the seeds that finished.</summary>
public sealed record SweepRow
{
    /// <summary>The model family (empty for the smoothing reference, which has none).</summary>
    public required string Family { get; init; }
    /// <summary><c>baseline</c>, <c>teacher</c>, <c>student-&lt;strategy&gt;</c>, <see cref="ExperimentResults.DistillBestName"/> or the reference's name.</summary>
    public required string Model { get; init; }
    /// <summary>Baseline, teacher, student or reference.</summary>
    public required ModelRole Role { get; init; }
    /// <summary>The setting (<c>alpha=0.3 strategies=soft</c>; the baseline's and teacher's: only keys they depend on); for Distill-Best, the chosen row's model and setting.</summary>
    public required string Setting { get; init; }
    /// <summary>The seeds the row averages over.</summary>
    public required IReadOnlyList<int> Seeds { get; init; }
    /// <summary>Per metric, the mean and sample SD over the seeds (eval split).</summary>
    public required IReadOnlyDictionary<string, MeanStd> Metrics { get; init; }
    /// <summary>Per metric, the paired differences to the baseline of the same setting and seed (students, Distill-Best, teacher).</summary>
    public IReadOnlyDictionary<string, PairedDifference>? VersusBaseline { get; init; }
    /// <summary>Per metric, the mean over the seeds on the validation trials (carved from training): what Distill-Best chooses on.</summary>
    public IReadOnlyDictionary<string, double>? Validation { get; init; }
}

/// <summary>A collected sweep (<c>blend sweep collect</c>, sweep-results.json): its rows over every finished cell.</summary>
public sealed record SweepResults
{
    /// <summary>The sweep file, as given when the sweep was planned.</summary>
    public required string SweepFile { get; init; }
    /// <summary>The dataset folder.</summary>
    public required string DataFolder { get; init; }
    /// <summary>Cells finished and collected.</summary>
    public required int CellsDone { get; init; }
    /// <summary>Cells in the sweep.</summary>
    public required int Cells { get; init; }
    /// <summary>The metrics of the table, in nlb_tools' order then by name.</summary>
    public required IReadOnlyList<string> MetricNames { get; init; }
    /// <summary>The metric the Δ and p columns and Distill-Best use: vel R², or co-bps without behavior.</summary>
    public required string KeyMetric { get; init; }
    /// <summary>The rows: the smoothing reference, then per family its baselines, students, Distill-Best and teachers.</summary>
    public required IReadOnlyList<SweepRow> Rows { get; init; }

    /// <summary>The results as indented JSON (sweep-results.json).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ResultsJson.Options) + "\n";
}
