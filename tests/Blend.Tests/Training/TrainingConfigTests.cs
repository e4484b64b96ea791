using Blend.Models;
using Blend.Tests.Data;
using Blend.Training;

namespace Blend.Tests.Training;

public class TrainingConfigTests
{
    private static string Configs(string name) => Path.Combine(NlbTestFiles.RepoRoot, "configs", name);

    [Fact]
    public void DefaultsAreTheReferenceMcMazeValues()
    {
        var t = new TrainingConfig().Training;
        Assert.Equal(1e-3, t.Lr);
        Assert.Equal(5000, t.Warmup);
        Assert.Equal(50501, t.Epochs);
        Assert.Equal(5e-5, t.WeightDecay);
        Assert.Equal(1e-6, t.AdamEps);
        Assert.Equal(64, t.BatchSize);
        Assert.Equal(200, t.MaxGradNorm);
        Assert.Equal(20, t.ValInterval);
        Assert.Equal(3000, t.Patience);
        Assert.Equal(0.25, t.MaskRatio);
        Assert.Equal(1.0, t.MaskTokenRatio);
        Assert.Equal(0.5, t.MaskRandomRatio);
        Assert.Equal(1, t.MaskMaxSpan);
        Assert.Equal((8000, 12000), (t.MaskSpanRampStart, t.MaskSpanRampEnd));
        Assert.Equal(100, t.Seed);
        Assert.Equal(ScheduleUnit.Epoch, t.ScheduleUnit);
        Assert.Equal(SelectionProtocol.Clean, t.Protocol);
        Assert.Equal(new NdtOptions(), new TrainingConfig().Model);
    }

    [Fact]
    public void ShippedConfigsLoad_NdtYamlIsExactlyTheDefaults()
    {
        Assert.Equal(new TrainingConfig(), TrainingConfig.Load(Configs("ndt.yaml")));
        var synthetic = TrainingConfig.Load(Configs("ndt-synthetic.yaml"));
        Assert.True(synthetic.Training.Epochs < 5000);
        // Every key is documented: model: and training: in ndt.yaml, each family's own section in its config.
        foreach (string key in TrainingConfig.AllKeys)
        {
            string section = key.Split('.')[0];
            string file = section is "model" or "training" ? "ndt.yaml" : $"{section}.yaml";
            Assert.Contains($"  {key.Split('.')[1]}:", File.ReadAllText(Configs(file)));
        }
    }

    [Fact]
    public void CausalModelsNeedAPastOnlyBandOnePassAndAController()
    {
        var causal = new TrainingConfig().With("model.causal=true", "model.context_forward=0");
        Assert.True(causal.Model.Causal);
        foreach (var (assignments, expected) in new (string[], string)[]
        {
            (["model.causal=true"], "model.causal needs model.context_forward = 0"),
            (["model.causal=true", "model.context_forward=0", "model.full_context=true"], "model.causal needs model.context_forward = 0"),
            (["model.causal=true", "model.context_forward=0", "model.architecture=stndt"], "STNDT's spatial attention"),
            (["model.causal=true", "model.context_forward=0", "training.inference_passes=4"], "inference_passes must be 1"),
            (["model.architecture=lfads", "lfads.causal=true", "lfads.co_dim=0"], "lfads.causal starts the generator from the initial-condition prior"),
        })
            Assert.Contains(expected, Assert.Throws<BlendInputException>(() => new TrainingConfig().With(assignments)).Message);
        Assert.True(new TrainingConfig().With("model.architecture=lfads", "lfads.causal=true").Lfads.Causal);
    }

    [Fact]
    public void ResolvedYamlRoundTrips()
    {
        var config = new TrainingConfig().With("training.lr=5e-4", "model.layers=2", "training.schedule_unit=step",
            "training.validation_mask=fresh", "model.full_context=true", "training.weight_decay=1.5e-7", "model.architecture=conv");
        Assert.Equal(5e-4, config.Training.Lr);
        Assert.Equal(2, config.Model.Layers);
        Assert.Equal(ScheduleUnit.Step, config.Training.ScheduleUnit);
        Assert.Equal(ValidationMask.Fresh, config.Training.ValidationMask);
        Assert.True(config.Model.FullContext);
        Assert.Equal("conv", config.Architecture);
        string yaml = config.ToYaml();
        Assert.Contains("  lr: 0.0005\n", yaml);
        Assert.Contains("  schedule_unit: step\n", yaml);
        Assert.Equal(config, TrainingConfig.Parse(yaml));
    }

    [Fact]
    public void FileValuesThenOverridesInOrder()
    {
        using var temp = new TempFolder();
        string file = temp.File("c.yaml");
        File.WriteAllText(file, "model:\n  layers: 3\ntraining:\n  batch_size: 16\n  lr: 2e-3\n");
        var config = TrainingConfig.Load(file, ["training.lr=1e-4", "training.lr = 3e-4", "model.dropout=0"]);
        Assert.Equal(3, config.Model.Layers);
        Assert.Equal(16, config.Training.BatchSize);
        Assert.Equal(3e-4, config.Training.Lr);
        Assert.Equal(0, config.Model.Dropout);
        Assert.Equal(new TrainingConfig(), TrainingConfig.Parse(""));
        Assert.Equal(new TrainingConfig(), TrainingConfig.Parse("model:\ntraining:\n"));
    }

    [Theory]
    [InlineData("training:\n  lrr: 1e-3\n", "c.yaml:2: unknown key training.lrr (known: seed, epochs")]
    [InlineData("model:\n  layers: 4\n  depth: 2\n", "c.yaml:3: unknown key model.depth")]
    [InlineData("optimizer:\n  lr: 1\n", "c.yaml:1: unknown section 'optimizer'")]
    [InlineData("training:\n  batch_size: 0\n", "c.yaml:2: training.batch_size = 0 is out of range: must be at least 1")]
    [InlineData("training:\n  batch_size: 6.5\n", "c.yaml:2: training.batch_size: '6.5' is not an integer")]
    [InlineData("training:\n  lr: fast\n", "c.yaml:2: training.lr: 'fast' is not a finite number")]
    [InlineData("training:\n  lr: -1e-3\n", "c.yaml:2: training.lr = -1e-3 is out of range: must be greater than 0")]
    [InlineData("training:\n  mask_ratio: 1.5\n", "training.mask_ratio = 1.5 is out of range: must be in (0, 1]")]
    [InlineData("model:\n  dropout: 1\n", "model.dropout = 1 is out of range: must be in [0, 1)")]
    [InlineData("model:\n  readout_skip_rank: -1\n", "model.readout_skip_rank = -1 is out of range: must be at least 0")]
    [InlineData("model:\n  readout_skip_bins: -2\n", "model.readout_skip_bins = -2 is out of range")]
    [InlineData("model:\n  full_context: yes please\n", "model.full_context: 'yes please' is not true or false")]
    [InlineData("training:\n  schedule_unit: hour\n", "training.schedule_unit: 'hour' is not one of epoch, step")]
    [InlineData("model:\n  architecture: lstm\n", "model.architecture = lstm is not known (known: ndt, stndt, lfads, conv")]
    [InlineData("training:\n  lr:\n", "c.yaml:2: training.lr: '' is not a finite number")]
    [InlineData("training:\n  lr: [1, 2]\n", "c.yaml:2: training.lr: expected a single value")]
    [InlineData("training: [\n", "c.yaml:")]
    [InlineData("training:\n  mask_span_ramp_start: 500\n  mask_span_ramp_end: 100\n", "mask_span_ramp_end = 100 must be greater than training.mask_span_ramp_start = 500")]
    [InlineData("training:\n  mask_mode: full\n  inference_passes: 4\n", "training.inference_passes = 4 hides whole time bins, which matches timestep masking; with training.mask_mode = full use 1")]
    [InlineData("model:\n  architecture: lfads\ntraining:\n  inference_passes: 2\n", "training.inference_passes = 2 applies to masked-modeling models (ndt, stndt)")]
    [InlineData("lfads:\n  cd_rate: 1\n", "lfads.cd_rate = 1 is out of range: must be in [0, 1)")]
    [InlineData("stndt:\n  contrast_temperature: 0\n", "stndt.contrast_temperature = 0 is out of range: must be greater than 0")]
    [InlineData("lfads:\n  gen_size: 3\n", "unknown key lfads.gen_size (known: ic_enc_dim")]
    public void BadFilesNameTheFileLineKeyAndValue(string yaml, string message)
    {
        using var temp = new TempFolder();
        string file = temp.File("c.yaml");
        File.WriteAllText(file, yaml);
        var error = Assert.ThrowsAny<BlendInputException>(() => TrainingConfig.Load(file));
        Assert.Contains(message, error.Message);
        Assert.StartsWith(file, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("training.lrr=1", "--set training.lrr=1: unknown key training.lrr")]
    [InlineData("lr=1", "--set lr=1: 'lr' is not section.key")]
    [InlineData("training.lr", "--set training.lr: expected section.key=value")]
    [InlineData("training.epochs=0", "--set training.epochs=0: training.epochs = 0 is out of range: must be at least 1")]
    [InlineData("data.path=x", "unknown section 'data'")]
    public void BadOverridesNameTheArgument(string assignment, string message)
    {
        var error = Assert.ThrowsAny<BlendInputException>(() => TrainingConfig.Load(null, [assignment]));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void MissingConfigFileIsReported()
    {
        var error = Assert.ThrowsAny<BlendInputException>(() => TrainingConfig.Load("/no/such/config.yaml"));
        Assert.Equal("/no/such/config.yaml: config file not found", error.Message);
    }
}
