using Blend.Data;
using Blend.Distillation;
using Blend.Experiments;
using Blend.Models;
using Blend.Tests.Cli;
using Blend.Tests.Data;
using Blend.Tests.Training;
using Blend.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Blend.Evaluation.Results;

namespace Blend.Tests.Experiments;

/// <summary>
/// Plug-ins without a change to src: a model family and a distillation strategy defined here, registered from outside,
/// run through <c>blend run</c> (baseline, teacher, the toy student and a built-in one) and are refused again once
/// their registrations are disposed.
/// </summary>
[Collection(TorchTrainingCollection.Name)]
public sealed class PluginTests
{
    /// <summary>A toy family: log-rates are a linear map of log(1 + counts) (behavior appended for a teacher).</summary>
    private sealed class ToyLinearModel : NeuralDynamicsModel
    {
        private readonly Linear map;
        private readonly int _neurons, _behaviorDims;

        public ToyLinearModel(int neurons, int behaviorDims) : base(nameof(ToyLinearModel))
        {
            _neurons = neurons;
            _behaviorDims = behaviorDims;
            map = nn.Linear(neurons + behaviorDims, neurons);
            RegisterComponents();
        }

        public override int Neurons => _neurons;
        public override int BehaviorDims => _behaviorDims;
        public override int FeatureWidth => _neurons;
        public override int FeatureLayers => 1;

        public override ModelOutput Forward(Tensor neural, Tensor? behavior = null)
        {
            using var scope = NewDisposeScope();
            var counts = neural.log1p();
            var x = _behaviorDims > 0 ? cat([counts, behavior!.nan_to_num(0).div(100).tanh()], -1) : counts;
            var logRates = map.forward(x);
            return new ModelOutput(logRates.MoveToOuterDisposeScope(), [logRates.detach().clone().MoveToOuterDisposeScope()]);
        }
    }

    /// <summary>A toy strategy: the mean absolute difference of the log-rates.</summary>
    private sealed class ToyL1Distillation : IDistillationStrategy
    {
        public string Name => "toy-l1";

        public Tensor Loss(ModelOutput student, ModelOutput teacher) => (student.LogRates - teacher.LogRates).abs().mean();
    }

    [Fact]
    public void ARegisteredFamilyAndStrategyRunThroughBlendRun()
    {
        using var temp = new TempFolder();
        string[] settings = [.. BlendExperimentTests.Tiny.Where(s => !s.StartsWith("model.architecture")).SelectMany(s => new[] { "--set", s })];
        string[] command = ["run", "--data", BlendExperimentTests.DataFolder.Value, "--model", "toy-linear", "--strategies", "toy-l1,hard", "--seeds", "1", .. settings];
        using (ModelFactory.Register("toy-linear", (_, layout, behaviorDims) => new ToyLinearModel(layout.Neurons, behaviorDims)))
        using (DistillationStrategies.Register("toy-l1", (_, _) => new ToyL1Distillation()))
        {
            var result = CliRunner.Run([.. command, "--out", temp.File("run")]);
            Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
            var results = ExperimentResults.FromJson(File.ReadAllText(temp.File("run/results.json")));
            Assert.Equal("toy-linear", results.Architecture);
            Assert.Contains(results.Models, m => m.Model == "student-toy-l1" && m.Runs.Count == 1);
            Assert.Contains(results.Models, m => m.Model == "student-hard");
            Assert.Contains("toy-linear", ModelFactory.Architectures);
            Assert.Contains("toy-l1", StrategySpec.Known);
        }
        Assert.DoesNotContain("toy-linear", ModelFactory.Architectures);
        Assert.DoesNotContain("toy-l1", DistillationStrategies.Names);
        var refused = CliRunner.Run([.. command.Select(a => a == "toy-linear" ? "conv" : a), "--out", temp.File("again")]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("unknown distillation strategy 'toy-l1'", refused.Stderr);
        var unknownFamily = CliRunner.Run("run", "--data", BlendExperimentTests.DataFolder.Value, "--model", "toy-linear", "--strategies", "hard",
            "--out", temp.File("again"));
        Assert.Equal(2, unknownFamily.ExitCode);
        Assert.Contains("toy-linear is not known", unknownFamily.Stderr);
    }

    [Fact]
    public void RegistrationsRefuseDuplicatesAndBadNames()
    {
        Assert.Throws<ArgumentException>(() => ModelFactory.Register("ndt", (_, layout, _) => new ToyLinearModel(layout.Neurons, 0)));
        Assert.Throws<ArgumentException>(() => DistillationStrategies.Register("hard", (_, _) => new ToyL1Distillation()));
        Assert.Throws<ArgumentException>(() => DistillationStrategies.Register("a+b", (_, _) => new ToyL1Distillation()));
        using var once = DistillationStrategies.Register("toy-once", (_, _) => new ToyL1Distillation());
        once.Dispose();
        once.Dispose(); // a second dispose does nothing
        Assert.DoesNotContain("toy-once", DistillationStrategies.Names);
    }

    /// <summary>A plug-in family's own config section: <c>toy:</c> with one key.</summary>
    public sealed record ToyOptions
    {
        public double InputScale { get; init; } = 1.0;
    }

    /// <summary>A family descriptor from outside src, with its own section, objective text and rule.</summary>
    private sealed class ToyScaledFamily : ModelFamily
    {
        public static readonly FamilySection<ToyOptions> OptionsSection = new("toy", "the toy family's input scale",
            new Dictionary<string, Func<object, string?>> { ["input_scale"] = ConfigRules.Positive });

        public List<double> ScalesBuilt { get; } = [];
        public override string Name => "toy-scaled";
        public override string Description => "a linear toy with a config section of its own";
        public override string Objective => "toy objective";
        public override FamilySection Section => OptionsSection;

        public override NeuralDynamicsModel Create(TrainingConfig config, TrialLayout layout, int behaviorDims)
        {
            ScalesBuilt.Add(config.FamilyOptions(OptionsSection).InputScale);
            return new ToyLinearModel(layout.Neurons, behaviorDims);
        }

        public override IEnumerable<string> Problems(TrainingConfig config)
        {
            if (config.FamilyOptions(OptionsSection).InputScale > 10) yield return "toy.input_scale above 10 is not allowed with this family";
        }
    }

    [Fact]
    public void AFamilyDescriptorBringsItsOwnConfigSectionRulesAndObjective()
    {
        using var temp = new TempFolder();
        string[] settings = [.. BlendExperimentTests.Tiny.Where(s => !s.StartsWith("model.architecture")).SelectMany(s => new[] { "--set", s })];
        string[] command = ["run", "--data", BlendExperimentTests.DataFolder.Value, "--model", "toy-scaled", "--strategies", "hard", "--seeds", "1", .. settings];
        var family = new ToyScaledFamily();
        using (ModelFactory.Register(family))
        {
            var result = CliRunner.Run([.. command, "--set", "toy.input_scale=0.5", "--out", temp.File("run")]);
            Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
            Assert.Contains(0.5, family.ScalesBuilt);
            Assert.DoesNotContain(1.0, family.ScalesBuilt);
            string written = File.ReadAllText(temp.File("run/config.yaml"));
            Assert.Contains("toy:\n  input_scale: 0.5\n", written);
            Assert.Contains("toy objective", File.ReadAllText(temp.File("run/report.md")));
            Assert.Contains("toy.input_scale", TrainingConfig.AllKeys);
            // The section's rule, its unknown keys and the family's own rule between keys are all checked.
            var negative = CliRunner.Run([.. command, "--set", "toy.input_scale=-1", "--out", temp.File("bad1")]);
            Assert.Contains("toy.input_scale = -1 is out of range: must be greater than 0", negative.Stderr);
            var unknown = CliRunner.Run([.. command, "--set", "toy.gain=2", "--out", temp.File("bad2")]);
            Assert.Contains("unknown key toy.gain (known: input_scale)", unknown.Stderr);
            var tooLarge = CliRunner.Run([.. command, "--set", "toy.input_scale=20", "--out", temp.File("bad3")]);
            Assert.Contains("toy.input_scale above 10 is not allowed with this family", tooLarge.Stderr);
            // Another family's config keeps the section out of its YAML.
            Assert.DoesNotContain("toy:", TrainingConfig.Load(null).ToYaml());
            Assert.Throws<ArgumentException>(() => ModelFactory.Register(new ToyScaledFamily()));
        }
        var gone = CliRunner.Run([.. command.Select(a => a == "toy-scaled" ? "conv" : a), "--set", "toy.input_scale=0.5", "--out", temp.File("gone")]);
        Assert.Equal(2, gone.ExitCode);
        Assert.Contains("unknown section 'toy'", gone.Stderr);
    }

    /// <summary>A toy run metric: the mean predicted held-out rate of the eval trials.</summary>
    private sealed class MeanHeldoutRate : IRunMetric
    {
        public string Name => "mean heldout rate";

        public Func<TrainedRun, double>? For(RunMetricData data, Action<string> note) => run => run.Rates.EvalRatesHeldout.Values.Average();
    }

    [Fact]
    public void ARegisteredRunMetricScoresEveryModelWithPairedStatistics()
    {
        using var temp = new TempFolder();
        string[] command = ["run", "--data", BlendExperimentTests.DataFolder.Value, "--strategies", "hard", "--seeds", "2",
            .. BlendExperimentTests.Tiny.SelectMany(s => new[] { "--set", s })];
        using (RunMetrics.Register(new MeanHeldoutRate()))
        {
            var result = CliRunner.Run([.. command, "--out", temp.File("run")]);
            Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
            var results = ExperimentResults.FromJson(File.ReadAllText(temp.File("run/results.json")));
            Assert.Contains("mean heldout rate", results.MetricNames);
            var student = results.Models.Single(m => m.Model == "student-hard");
            Assert.All(student.Runs, r => Assert.True(r.Metrics["mean heldout rate"] > 0));
            Assert.True(student.VersusBaseline!.ContainsKey("mean heldout rate"));
            Assert.Throws<ArgumentException>(() => RunMetrics.Register(new MeanHeldoutRate()));
        }
        Assert.DoesNotContain(RunMetrics.All, m => m.Name == "mean heldout rate");
        var without = CliRunner.Run([.. command, "--out", temp.File("without")]);
        Assert.True(without.ExitCode == 0, without.Stderr + without.Stdout);
        Assert.DoesNotContain("mean heldout rate", ExperimentResults.FromJson(File.ReadAllText(temp.File("without/results.json"))).MetricNames);
    }
}
