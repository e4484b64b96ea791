using System.Diagnostics;
using System.Globalization;
using Blend.Evaluation;

namespace Blend.Bench;

/// <summary>
/// Full NLB velocity decoding (GridSearchCV(Ridge) over 9 alphas, 5 folds, refit, eval R²) on MC_Maze-sized
/// synthetic data: 1721 × 140 × 182 train, 574 × 140 × 182 eval. Prints min / median wall time and the phases.
/// Options: --reps N (5), --warmup N (1), --seed N (1), --train-trials N, --eval-trials N, --time N, --neurons N,
/// --dump DIR (also write the data for bench/sklearn_velocity_reference.py).
/// </summary>
internal sealed class VelocityBench : IBenchmark
{
    public string Name => "velocity";
    public string Description => "velocity decoding grid search on MC_Maze-sized synthetic data";

    public int Run(string[] args)
    {
        var options = new BenchOptions(args);
        int reps = options.Int("reps", 5), warmup = options.Int("warmup", 1);
        int trainTrials = options.Int("train-trials", 1721), evalTrials = options.Int("eval-trials", 574);
        int time = options.Int("time", 140), neurons = options.Int("neurons", 182);

        var clock = Stopwatch.StartNew();
        var data = SyntheticVelocityData.Generate(trainTrials, evalTrials, time, neurons, (ulong)options.Int("seed", 1));
        Console.WriteLine($"data: train {data.TrainRates.ShapeText}, eval {data.EvalRates.ShapeText} ({clock.Elapsed.TotalSeconds:F1} s to generate)");
        Console.WriteLine($"cores: {Environment.ProcessorCount}");
        if (options.String("dump") is { } directory)
        {
            data.Dump(directory);
            Console.WriteLine($"dumped to {Path.GetFullPath(directory)}");
        }

        for (int i = 0; i < warmup; i++) Once(data);
        var runs = new List<(double Wall, DecoderResult Fit)>();
        for (int i = 0; i < reps; i++) runs.Add(Once(data));

        var fit = runs[0].Fit;
        bool identical = runs.All(r => r.Fit.R2.Equals(fit.R2)
                                       && r.Fit.Model.Coefficients.AsSpan().SequenceEqual(fit.Model.Coefficients));
        var search = fit.Search!;
        Console.WriteLine();
        Console.WriteLine($"R² (eval)            {fit.R2.ToString("R", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"best alpha           {search.Alphas[search.BestIndex].ToString("R", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"mean test scores     {string.Join(" ", search.MeanScores.Select(s => s.ToString("R", CultureInfo.InvariantCulture)))}");
        Console.WriteLine($"runs bit-identical   {identical}");
        Console.WriteLine();
        Console.WriteLine($"{"phase",-22}{"min s",10}{"median s",10}");
        Row("Gram (statistics)", runs.Select(r => r.Fit.Search!.Times.Statistics.TotalSeconds));
        Row("solves", runs.Select(r => r.Fit.Search!.Times.Solves.TotalSeconds));
        Row("scoring (folds)", runs.Select(r => r.Fit.Search!.Times.Scoring.TotalSeconds));
        Row("eval scoring", runs.Select(r => r.Fit.EvalScoring.TotalSeconds));
        Row("total (wall)", runs.Select(r => r.Wall));
        return identical ? 0 : 1;
    }

    private static (double Wall, DecoderResult Fit) Once(SyntheticVelocityData data)
    {
        var clock = Stopwatch.StartNew();
        var fits = VelocityDecoding.EvaluatePerMask(data.TrainRates, data.TrainBehavior, null,
            data.EvalRates, data.EvalBehavior, null, gridSearch: true);
        return (clock.Elapsed.TotalSeconds, fits[0]);
    }

    private static void Row(string phase, IEnumerable<double> seconds)
    {
        var sorted = seconds.Order().ToArray();
        double median = sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
        Console.WriteLine($"{phase,-22}{sorted[0],10:F3}{median,10:F3}");
    }
}
