using Blend.Experiments.Identity;
using Blend.Tests.Data;
using Blend.Evaluation.Identity;

namespace Blend.Tests.Experiments.Identity;

public class IdentityConfigTests
{
    private static string Configs(string file) => Path.Combine(NlbTestFiles.RepoRoot, "configs", file);

    [Fact]
    public void IdentityYamlIsExactlyTheDefaultsAndDocumentsEveryKey()
    {
        Assert.Equal(new IdentityConfig().ToYaml(), IdentityConfig.Load(Configs("identity.yaml")).ToYaml());
        string text = File.ReadAllText(Configs("identity.yaml"));
        foreach (string key in IdentityConfig.AllKeys)
        {
            string[] parts = key.Split('.');
            Assert.Contains($"{parts[0]}:", text);
            Assert.Contains($"  {parts[1]}:", text);
        }
        var cpu = IdentityConfig.Load(Configs("identity-synthetic.yaml"));
        Assert.True(cpu.Training.Steps < new IdentityConfig().Training.Steps);
    }

    [Fact]
    public void ResolvedYamlRoundTripsWithOverrides()
    {
        var config = IdentityConfig.Load(null, ["training.steps=12", "experiment.strategies=0.5*hard+0.5*feature", "experiment.protocol=per_fold",
            "classifier.selection=last", "data.recording_folder=Natural Scenes/02", "model.use_neighbours=false"]);
        Assert.Equal(12, config.Training.Steps);
        Assert.Equal(DynamicsProtocol.PerFold, config.Experiment.Protocol);
        Assert.Equal("0.5*hard+0.5*feature", config.StrategyList.Single().Name);
        Assert.Equal(config.ToYaml(), IdentityConfig.Parse(config.ToYaml()).ToYaml());
        Assert.Empty(IdentityConfig.Load(null, ["experiment.strategies=none", "training.embedding_distillation=0"]).StrategyList);
    }

    [Theory]
    [InlineData("training.stepz=3", "unknown key training.stepz")]
    [InlineData("trainin.steps=3", "unknown section 'trainin'")]
    [InlineData("training.mask_ratio=0", "training.mask_ratio = 0 is out of range")]
    [InlineData("model.heads=3", "not divisible by model.heads = 3")]
    [InlineData("experiment.classifiers=knn,svm", "unknown classifier 'svm'")]
    [InlineData("experiment.primary_classifier=mlp", "is not among experiment.classifiers")]
    [InlineData("experiment.strategies=hard,nope", "unknown distillation strategy 'nope'")]
    [InlineData("experiment.protocol=sometimes", "experiment.protocol")]
    public void BadValuesNameTheKey(string assignment, string expected)
    {
        var overrides = assignment.StartsWith("experiment.primary", StringComparison.Ordinal) ? ["experiment.classifiers=knn,linear", assignment] : new[] { assignment };
        var error = Assert.Throws<BlendInputException>(() => IdentityConfig.Load(null, overrides));
        Assert.Contains(expected, error.Message);
        // Single keys are checked as they are set (the message names the argument); rules between keys after all are read.
        if (!expected.Contains("model.heads") && !expected.Contains("among")) Assert.Contains("--set", error.Message);
    }

    [Fact]
    public void FileErrorsNameTheLine()
    {
        using var temp = new TempFolder();
        string file = temp.File("bad.yaml");
        File.WriteAllText(file, "training:\n  steps: 10\n  window: 1\n");
        var error = Assert.Throws<BlendInputException>(() => IdentityConfig.Load(file));
        Assert.Contains("bad.yaml:3", error.Message);
        Assert.Contains("training.window", error.Message);
    }
}
