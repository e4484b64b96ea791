// Blend from .NET code: fit BLEND on the demo's synthetic dataset, then apply the distilled student to new trials of the
// same neurons, which it has never seen, and decode their behavior from neural activity alone.
//
//   dotnet run --project examples/FitAndPredict -- <work folder> [section.key=value ...]
//
// The overrides are config keys as in `blend run --set` (e.g. training.epochs=20 experiment.seeds=1); without them the
// library's defaults run (5 seeds of NDT: about an hour on two CPU cores).
using Blend.Data;
using Blend.Data.Synthetic;
using Blend.Evaluation;
using Blend.Experiments;

string work = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "blend-example");
string[] overrides = args.Skip(1).ToArray();
string data = Path.Combine(work, "data");
string experiment = Path.Combine(work, $"experiment-{DateTime.Now:yyyyMMdd-HHmmss}");

// 1. Data: the demo's synthetic recording (known rates and latents), written as NLB files.
if (!File.Exists(Path.Combine(data, DatasetManifest.FileName)))
    SyntheticDatasetWriter.Write(SyntheticDataset.Generate(DemoDataset.Options), data);

// 2. Fit: baseline, behavior-seeing teacher and distilled students, scored with the NLB metrics.
var config = ExperimentConfig.Load(null, overrides);
var fit = BlendRecipe.Fit(data, experiment, config);
Console.WriteLine($"BLEND on {fit.Results.Dataset} ({fit.Results.Seeds.Count} seed(s)) → {fit.Folder}");
foreach (var model in fit.Results.Models)
{
    string velR2 = model.Metrics.TryGetValue(NlbMetricNames.VelR2, out var vel) ? $"{vel.Mean:F4}" : "—";
    string coBps = model.Metrics.TryGetValue(NlbMetricNames.CoBps, out var co) ? $"{co.Mean:F4}" : "—";
    Console.WriteLine($"  {model.Model,-26} co-bps {coBps,8}   vel R² {velR2,8}");
}

// 3. Deploy: new trials of the same neurons (population seed 0, trial seed 7), neural activity only.
var fresh = SyntheticNlbFiles.From(SyntheticDataset.Generate(DemoDataset.Options with { Seed = 7, PopulationSeed = 0 }));
var freshTarget = fresh.EvalTarget.Datasets.Single().Value;
using var student = fit.LoadStudent();
var predicted = student.Predict(fresh.EvalInput.SpikesHeldin);
Console.WriteLine($"{student.Name} on {predicted.Rates.Trials} new trials: rates {predicted.Rates.ShapeText} " +
                  $"(main + forward bins × all {predicted.Rates.Channels} neurons), {predicted.Latents.Count} latent(s)");
if (predicted.Behavior is { } decoded && freshTarget.EvalBehavior is { } recorded && recorded.Trials == decoded.Trials
    && recorded.Time == decoded.Time && recorded.Channels == decoded.Channels)
    Console.WriteLine($"Decoded behavior vs the new trials' recorded behavior: R² {R2Score.UniformAverage(RowMatrix.FromArray3(recorded), RowMatrix.FromArray3(decoded)):F4}");

// 4. Save the student where an application will load it (BlendModel.Load), e.g. for blend stream or blend export.
string saved = Path.Combine(work, "student");
if (Directory.Exists(saved)) Directory.Delete(saved, recursive: true);
student.Save(saved);
using var reloaded = Blend.Deployment.BlendModel.Load(saved);
bool same = reloaded.Predict(fresh.EvalInput.SpikesHeldin).Rates.Values.SequenceEqual(predicted.Rates.Values);
Console.WriteLine($"Saved to {saved}; reloaded predictions identical: {same}");
return same ? 0 : 1;
