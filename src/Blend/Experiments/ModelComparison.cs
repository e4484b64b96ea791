using System.Diagnostics;
using System.Text.Json;
using Blend.Data;
using Blend.Reporting;
using Blend.Training;
using Blend.Evaluation.Results;

namespace Blend.Experiments;

/// <summary>What <see cref="ModelComparison.Run"/> runs: one dataset, and one experiment config per model family.</summary>
public sealed record ComparisonRequest
{
    /// <summary>The dataset folder every family is trained on.</summary>
    public required string DataFolder { get; init; }
    /// <summary>The comparison folder to create (one sub-folder per family).</summary>
    public required string OutputFolder { get; init; }
    /// <summary>One config per model family (distinct <c>model.architecture</c>s), run in this order.</summary>
    public required IReadOnlyList<ExperimentConfig> Configs { get; init; }
    /// <summary>The command that started the comparison, recorded in comparison.json.</summary>
    public string CommandLine { get; init; } = "";

    /// <summary>The whole comparison's time budget (null: none), shared equally by the families still to run.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Scale each family's training schedule to the data (<see cref="ExperimentRequest.ChooseBudget"/>).</summary>
    public bool ChooseBudget { get; init; }

    /// <summary>Train each family's models in worker processes, several at once (<see cref="ExperimentRequest.Workers"/>).</summary>
    public RecipeWorkers? Workers { get; init; }
}

/// <summary>
/// BLEND for several model families on one dataset: the full experiment (baseline, teacher, students, every seed) for
/// each family in its own sub-folder <c>&lt;architecture&gt;/</c> (results.json, report.md, figures as
/// <see cref="BlendExperiment"/> writes them), then <c>comparison.json</c> and <c>comparison.md</c> with one table whose
/// rows are (model family, run). Every family's models are built before anything trains, so a config that cannot
/// work fails at once; the whole folder is written atomically.
/// </summary>
public static class ModelComparison
{
    /// <summary>Every family's results in one file.</summary>
    public const string ResultsFile = "comparison.json";
    /// <summary>The comparison's markdown table.</summary>
    public const string ReportFile = "comparison.md";

    /// <summary>Runs one experiment per config and writes the comparison; nothing is left behind on failure.</summary>
    public static ComparisonResults Run(ComparisonRequest request, IExperimentObserver? observer = null, CancellationToken cancellation = default)
    {
        if (request.Configs.Count == 0) throw new ArgumentException("a comparison needs at least one config", nameof(request));
        var repeated = request.Configs.GroupBy(c => c.Training.Architecture).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new BlendInputException($"model family {repeated.Key} is listed {repeated.Count()} times; a comparison runs each family once");
        foreach (var config in request.Configs) BlendExperiment.Check(request.DataFolder, config);

        var clock = Stopwatch.StartNew();
        var families = new List<ExperimentResults>();
        ComparisonResults? results = null;
        AtomicDirectory.Write(request.OutputFolder, folder =>
        {
            for (int f = 0; f < request.Configs.Count; f++)
            {
                var config = request.Configs[f];
                string architecture = config.Training.Architecture;
                var share = request.TimeLimit is { } limit ? (limit - clock.Elapsed) / (request.Configs.Count - f) : (TimeSpan?)null;
                observer?.Note($"Model family {architecture}");
                families.Add(BlendExperiment.Run(new ExperimentRequest
                {
                    DataFolder = request.DataFolder,
                    OutputFolder = Path.Combine(folder, architecture),
                    Config = config,
                    CommandLine = request.CommandLine,
                    TimeLimit = share,
                    ChooseBudget = request.ChooseBudget,
                    Workers = request.Workers,
                }, observer, cancellation));
            }
            results = new ComparisonResults
            {
                DataFolder = request.DataFolder,
                CommandLine = request.CommandLine,
                Created = DateTimeOffset.UtcNow,
                Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
                Families = families,
            };
            AtomicFile.WriteAllText(Path.Combine(folder, ReportFile), ComparisonReport.Markdown(results));
            AtomicFile.WriteAllText(Path.Combine(folder, ResultsFile), results.ToJson());
        });
        return results!;
    }
}
