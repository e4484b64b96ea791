using System.CommandLine;
using Blend.Data;
using Blend.Evaluation;
using Blend.Reporting;

namespace Blend.Cli.Commands;

/// <summary><c>blend evaluate</c>: NLB'21 metrics of a submission against an eval target, as nlb_tools computes them.</summary>
public static class EvaluateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var target = CliOptions.Required<FileInfo>("--target", "Eval-target HDF5 file (nlb_tools' make_eval_target_tensors output, one group per dataset).", "-t");
        var submission = CliOptions.Required<FileInfo>("--submission", "Submission HDF5 file with train/eval rates (counts per bin) per dataset group.", "-s");
        var json = CliOptions.Optional<FileInfo?>("--json", "Also write the results as nlb_tools.evaluate returns them, e.g. [{\"mc_maze_split\": {\"co-bps\": …}}].");
        var command = new Command("evaluate",
            "Score a submission with the Neural Latents Benchmark metrics (co-bps, vel R2, psth R2, fp-bps; tp corr for DMFC), identical to nlb_tools.")
        {
            target, submission, json,
        };
        command.SetAction(parsed => Run(parsed.GetValue(target)!, parsed.GetValue(submission)!, parsed.GetValue(json), stdout, stderr));
        return command;
    }

    private static int Run(FileInfo targetFile, FileInfo submissionFile, FileInfo? jsonFile, TextWriter stdout, TextWriter stderr)
    {
        if (jsonFile is not null && AtomicFile.DestinationProblem(jsonFile.FullName) is string problem)
            throw new BlendInputException($"{jsonFile}: {problem}");
        var target = NlbEvalTarget.Read(targetFile.ToString());
        var submission = NlbSubmission.Read(submissionFile.ToString());
        var results = NlbEvaluator.Evaluate(target, submission, targetFile.ToString(), submissionFile.ToString(),
            warning => stderr.WriteLine($"warning: {warning}"));
        if (results.Count == 0)
            throw new BlendInputException(
                $"{submissionFile}: no dataset group in common with {targetFile} (submission has {string.Join(", ", submission.Datasets.Keys)}; target has {string.Join(", ", target.Datasets.Keys)})");

        ScoreTable.Write(results, stdout);
        if (jsonFile is not null)
        {
            EvaluationJson.Write(jsonFile.ToString(), results);
            stdout.WriteLine($"Wrote {jsonFile}");
        }
        return Completeness(results, stderr);
    }

    /// <summary>Success when every metric is a number; otherwise each non-finite one is named and the exit code is 3.</summary>
    internal static int Completeness(IReadOnlyList<DatasetScores> scores, TextWriter stderr)
    {
        var warnings = NonFinite.Warnings(scores).ToList();
        foreach (string warning in warnings) stderr.WriteLine($"warning: {warning}");
        return warnings.Count == 0 ? ExitCodes.Success : ExitCodes.IncompleteScores;
    }
}
