using Blend.Experiments.Sweeps;
using Blend.Tests.Data;

namespace Blend.Tests.Experiments;

/// <summary>
/// Sweep files and plans: the grid's cross product × random samples × seeds, cells addressed by their resolved config and
/// data (stable across runs, changed by anything that changes a model), baselines and teachers shared exactly between
/// cells that differ in how students learn, errors that name the file and line, and the Slurm array script.
/// </summary>
public sealed class SweepPlanTests
{
    private static string Data => BlendExperimentTests.DataFolder.Value;

    private static SweepPlan Plan(string yaml, string? data = null) =>
        SweepPlan.Expand(SweepFile.Parse(yaml, "sweep.yaml", Path.GetTempPath()), data ?? Data);

    private const string Grid = """
        set:
          model.architecture: conv
          training.epochs: 3
        grid:
          distillation.strategies: [hard, soft]
          distillation.alpha: [0.3, 0.7]
          training.lr: [1e-3, 3e-3]
        seeds: [100, 101]
        """;

    [Fact]
    public void TheGridsCrossProductRunsForEverySeedWithTheLastKeyFastest()
    {
        var plan = Plan(Grid);
        Assert.Equal(2 * 2 * 2 * 2, plan.Cells.Count);
        Assert.Equal("distillation.strategies=hard distillation.alpha=0.3 training.lr=1e-3", plan.Cells[0].Label());
        Assert.Equal("distillation.strategies=hard distillation.alpha=0.3 training.lr=3e-3", plan.Cells[2].Label());
        Assert.Equal([100, 101], plan.Cells.Take(2).Select(c => c.Seed));
        var config = plan.Cells[3].ExperimentConfig("test");
        Assert.Equal(101, config.Training.Training.Seed);
        Assert.Equal(1, config.Experiment.Seeds);
        Assert.Equal(3e-3, config.Training.Training.Lr);
        Assert.Equal(0.3, config.Distillation.Alpha);
        Assert.Equal(16, plan.Cells.Select(c => c.Id).Distinct().Count());
        Assert.Equal("strategies=hard alpha=0.3 lr=1e-3", plan.Cells[0].Label(plan.ShortKeys()));
    }

    [Fact]
    public void CellsThatDifferOnlyInHowStudentsLearnShareTheirBaselineAndTeacher()
    {
        var plan = Plan(Grid);
        // Trunks: one per (learning rate, seed): strategies and α change only the students.
        Assert.Equal(4, plan.Cells.Select(c => c.Trunk).Distinct().Count());
        foreach (var group in plan.Cells.GroupBy(c => c.Trunk))
        {
            Assert.Single(group.Select(c => c.Seed).Distinct());
            Assert.Single(group.Select(c => c.ExperimentConfig("test").Training.Training.Lr).Distinct());
            Assert.Single(group.Select(c => c.TrunkLabel()).Distinct());
        }
        Assert.Equal("training.lr=1e-3", plan.Cells[0].TrunkLabel());
        // teacher_from_baseline changes the teacher, so it is part of the trunk.
        var warm = Plan("set: { model.architecture: conv }\ngrid: { distillation.teacher_from_baseline: [false, true] }\nseeds: [1]\n");
        Assert.Equal(2, warm.Cells.Select(c => c.Trunk).Distinct().Count());
    }

    [Fact]
    public void IdsAreStableAndFollowTheConfigAndTheData()
    {
        var first = Plan(Grid);
        Assert.Equal(first.Cells.Select(c => c.Id), Plan(Grid).Cells.Select(c => c.Id));
        // A grown grid keeps the ids of the cells it had.
        var grown = Plan(Grid.Replace("[0.3, 0.7]", "[0.3, 0.5, 0.7]"));
        Assert.Subset(grown.Cells.Select(c => c.Id).ToHashSet(), first.Cells.Select(c => c.Id).ToHashSet());
        // Any other key changes every id; so does other data.
        Assert.Empty(Plan(Grid.Replace("epochs: 3", "epochs: 4")).Cells.Select(c => c.Id).Intersect(first.Cells.Select(c => c.Id)));
        using var temp = new TempFolder();
        string other = temp.File("data");
        TempFolder.CopyFolder(Data, other);
        Assert.Equal(first.Cells.Select(c => c.Id), Plan(Grid, other).Cells.Select(c => c.Id));
        // Every file counts, the ground truth that latent R² reads too.
        foreach (string name in new[] { "eval_input.h5", "ground_truth.h5" })
        {
            string path = Path.Combine(other, name);
            byte[] before = File.ReadAllBytes(path);
            File.AppendAllText(path, "x");
            Assert.Empty(Plan(Grid, other).Cells.Select(c => c.Id).Intersect(first.Cells.Select(c => c.Id)));
            File.WriteAllBytes(path, before);
        }
    }

    [Fact]
    public void RandomSamplesAreDrawnFromTheirSeedWithinTheirRangesAndCrossedWithTheGrid()
    {
        const string yaml = """
            set: { model.architecture: conv }
            grid: { distillation.strategies: [hard, soft] }
            random:
              samples: 5
              seed: 7
              space:
                distillation.temperature: { log_uniform: [1, 8] }
                distillation.alpha: { uniform: [0.2, 0.8] }
                model.layers: { integer: [1, 3] }
                training.lr: [1e-3, 2e-3]
            seeds: 2
            """;
        var plan = Plan(yaml);
        Assert.Equal(2 * 5 * 2, plan.Cells.Count);
        Assert.Equal(plan.Cells.Select(c => c.Id), Plan(yaml).Cells.Select(c => c.Id));
        Assert.NotEqual(plan.Cells.Select(c => c.Id), Plan(yaml.Replace("seed: 7", "seed: 8")).Cells.Select(c => c.Id));
        foreach (var config in plan.Cells.Select(c => c.ExperimentConfig("test")))
        {
            Assert.InRange(config.Distillation.Temperature, 1, 8);
            Assert.InRange(config.Distillation.Alpha, 0.2, 0.8);
            Assert.InRange(config.Training.Model.Layers, 1, 3);
            Assert.Contains(config.Training.Training.Lr, new[] { 1e-3, 2e-3 });
        }
        Assert.True(plan.Cells.Select(c => c.ExperimentConfig("test").Distillation.Temperature).Distinct().Count() > 1);
        // A count of seeds starts at the config's training.seed.
        int start = plan.Cells[0].ExperimentConfig("test").Training.Training.Seed;
        Assert.Equal([start, start + 1], plan.Cells.Take(2).Select(c => c.Seed));
    }

    [Fact]
    public void RunOrderStartsADifferentTrunkOnEachWorker()
    {
        var plan = Plan(Grid);
        var order = plan.RunOrder(plan.Cells);
        int trunks = plan.Cells.Select(c => c.Trunk).Distinct().Count();
        Assert.Equal(trunks, order.Take(trunks).Select(c => c.Trunk).Distinct().Count());
        Assert.Equal(plan.Cells.Select(c => c.Id).Order(), order.Select(c => c.Id).Order());
    }

    [Theory]
    [InlineData("grid:\n  distillation.alpha: [0.3, 1.5]\n", "distillation.alpha=1.5", "alpha")]
    [InlineData("grid:\n  training.seed: [1, 2]\n", "sweep.yaml:2: training.seed", "seeds:")]
    [InlineData("grid:\n  distillation.alpha: [0.3, 0.3]\n", "sweep.yaml:2: distillation.alpha: a value is listed twice", "")]
    [InlineData("set:\n  training.lr: 1e-3\ngrid:\n  training.lr: [1e-3]\n", "sweep.yaml:4: training.lr is set in more than one place", "")]
    [InlineData("colour: blue\n", "sweep.yaml:1: unknown section 'colour'", "")]
    [InlineData("random:\n  samples: 2\n  space:\n    distillation.alpha: { normal: [0, 1] }\n", "sweep.yaml:4: distillation.alpha: unknown distribution 'normal'", "")]
    [InlineData("random:\n  samples: 2\n  space:\n    distillation.alpha: { uniform: [0.9, 0.1] }\n", "low < high", "")]
    [InlineData("grid:\n  model.bogus: [1]\n", "unknown key model.bogus", "")]
    [InlineData("seeds: []\n", "seeds: the list is empty", "")]
    [InlineData("grid: [1, 2]\n", "sweep.yaml:1: expected a mapping of config keys", "")]
    [InlineData("slurm:\n  cpus_per_task: 0\n", "sweep.yaml:2: slurm.cpus_per_task: at least 1", "")]
    public void MistakesAreErrorsNamingTheFileAndLine(string yaml, string expected, string alsoExpected)
    {
        var error = Assert.Throws<BlendInputException>(() => Plan(yaml));
        Assert.Contains(expected, error.Message);
        Assert.Contains(alsoExpected, error.Message);
    }

    [Fact]
    public void TheDataComesFromTheFileOrTheCommandLineAndMustExist()
    {
        var file = SweepFile.Parse("data: nowhere\n", "sweep.yaml", "/tmp/blend-no-such-parent");
        Assert.Equal("/tmp/blend-no-such-parent/nowhere", file.Data);
        Assert.Contains("no such dataset folder", Assert.Throws<BlendInputException>(() => SweepPlan.Expand(file, null)).Message);
        var noData = SweepFile.Parse("seeds: 1\n", "sweep.yaml", "/tmp");
        Assert.Contains("no data: give the dataset folder", Assert.Throws<BlendInputException>(() => SweepPlan.Expand(noData, null)).Message);
        Assert.Single(SweepPlan.Expand(noData with { Set = [new SweepKey("model.architecture", ["conv"], "x")] }, Data).Cells);
    }

    [Fact]
    public void ThePlanAndCellDefinitionsRoundTripThroughTheSweepFolder()
    {
        using var temp = new TempFolder();
        var folder = new SweepFolder(temp.File("sweep"));
        var plan = Plan(Grid + "\nslurm: { partition: short, mem: 2G, extra: [--qos=low] }\n");
        plan.Write(folder);
        var read = SweepPlan.Read(folder);
        Assert.Equal(plan.Cells.Select(c => c.ToJson()), read.Cells.Select(c => c.ToJson()));
        Assert.Equal("short", read.Slurm.Partition);
        Assert.Equal(["--qos=low"], read.Slurm.Extra);
        Assert.Contains("no cell abc", Assert.Throws<BlendInputException>(() => SweepPlan.ReadCell(folder, "abc")).Message);
        Assert.Contains("not a sweep folder", Assert.Throws<BlendInputException>(() => SweepPlan.Read(new SweepFolder(temp.File("other")))).Message);
        Assert.All(SweepStatus.Of(folder, read), s => Assert.Equal(SweepCellState.Pending, s.State));
    }

    [Fact]
    public void TheSlurmScriptIsOneArrayTaskPerCellWithTheSweepsResources()
    {
        var plan = Plan(Grid);
        var folder = new SweepFolder("/data/my sweep");
        var cells = plan.Cells.Take(3).ToList();
        string script = SlurmArrayScript.Text(folder, "sweep.yaml", cells,
            new SlurmOptions { CpusPerTask = 2, Memory = "4G", Partition = "gpu" }.With(new SlurmOptions { Time = "00:10:00", Partition = "short" }),
            ["/usr/bin/dotnet", "exec", "/opt/blend/Blend.Cli.dll"]);
        Assert.StartsWith("#!/bin/bash\n", script);
        Assert.Contains("#SBATCH --array=0-2\n", script);
        Assert.Contains("#SBATCH --cpus-per-task=2\n", script);
        Assert.Contains("#SBATCH --mem=4G\n", script);
        Assert.Contains("#SBATCH --time=00:10:00\n", script);
        Assert.Contains("#SBATCH --partition=short\n", script);
        Assert.DoesNotContain("--account", script);
        Assert.Contains($"cells=({string.Join(" ", cells.Select(c => c.Id))})\n", script);
        Assert.Contains("cell=${cells[$SLURM_ARRAY_TASK_ID]}\n", script);
        Assert.Contains("exec /usr/bin/dotnet exec /opt/blend/Blend.Cli.dll sweep-cell '/data/my sweep' --cell \"$cell\" >> '/data/my sweep/logs'/\"$cell.log\" 2>&1\n", script);
    }
}
