using Blend.Data;
using Blend.Data.Identity;
using Blend.Deployment;
using Blend.Evaluation.Identity;
using Blend.Models;
using Blend.Training.Identity;
using Blend.Tests.Data;

namespace Blend.Tests.Deployment;

/// <summary>The identity bundle's cell-type classifiers of Φ and their round trip through bundle.json.</summary>
public class CellTypeClassifierTests
{
    private static IdentityNeuron Neuron(int id, string ttype, double? uniqueId) =>
        new(id, "M1", TTypeLabels.ClassOf(ttype), uniqueId is null ? null : TTypeLabels.SubclassOf(ttype), uniqueId, ttype);

    /// <summary>40 identities: EC at x₀ ≈ −2, IN at x₀ ≈ +2 (the Vip ones also x₁ ≈ +2, the Sst ones x₁ ≈ −2); x₂ is noise.</summary>
    private static (RowMatrix Embeddings, IdentityNeuron[] Neurons) Separable()
    {
        var random = new Random(9);
        var neurons = new List<IdentityNeuron>();
        var x = new RowMatrix(40, 3);
        for (int i = 0; i < 40; i++)
        {
            string ttype = i < 20 ? "EC" : i < 30 ? "Vip-Crh" : "Sst-Chodl";
            neurons.Add(Neuron(i, ttype, i < 20 ? null : i));
            x[i, 0] = (i < 20 ? -2 : 2) + 0.3 * random.NextDouble();
            x[i, 1] = (i < 20 ? 0 : i < 30 ? 2 : -2) + 0.3 * random.NextDouble();
            x[i, 2] = random.NextDouble();
        }
        return (x, [.. neurons]);
    }

    [Fact]
    public void FitsClassAndSubclassAndItsProbabilitiesAgreeWithItsPredictions()
    {
        var (x, neurons) = Separable();
        var cellClass = CellTypeClassifier.Fit(IdentityTask.Class, x, neurons)!;
        var subclass = CellTypeClassifier.Fit(IdentityTask.Subclass, x, neurons)!;
        Assert.Equal(40, cellClass.TrainingSamples);
        Assert.Equal(20, subclass.TrainingSamples);
        Assert.Equal([(int)Subclass.Vip, (int)Subclass.Sst], subclass.Classes.Order());

        var predicted = cellClass.Predict(x);
        Assert.Equal(neurons.Select(n => (int)n.Class), predicted);
        var probabilities = cellClass.Probabilities(x);
        for (int i = 0; i < 40; i++)
        {
            Assert.Equal(1, probabilities[i, 0] + probabilities[i, 1], 12);
            Assert.Equal(predicted[i], probabilities[i, 1] > 0.5 ? 1 : 0);
        }
        var subclassProbabilities = subclass.Probabilities(x);
        Assert.Equal(IdentityTasks.ClassCount(IdentityTask.Subclass), subclassProbabilities.Cols);
        for (int i = 20; i < 40; i++)
        {
            // Labels never seen in training get probability 0; the two seen ones share the rest.
            Assert.Equal(0, subclassProbabilities[i, (int)Subclass.Lamp5]);
            Assert.Equal(neurons[i].Subclass, (Subclass)subclass.Predict(x)[i]);
        }
    }

    [Fact]
    public void OneLabelOnlyGivesNoClassifier()
    {
        var neurons = Enumerable.Range(0, 6).Select(i => Neuron(i, "EC", null)).ToArray();
        Assert.Null(CellTypeClassifier.Fit(IdentityTask.Class, new RowMatrix(6, 2), neurons));
        Assert.Null(CellTypeClassifier.Fit(IdentityTask.Subclass, new RowMatrix(6, 2), neurons));
    }

    [Fact]
    public void TheManifestRoundTripsThroughJsonAndPredictsTheSame()
    {
        var (x, neurons) = Separable();
        var model = new NeuprintOptions { EmbeddingDim = 3, ActivityDim = 4 };
        var manifest = new IdentityBundleManifest
        {
            Model = "student-hard", Role = "student", Seed = 4, Dataset = "/data/bugeon", Mice = ["M1"], Sessions = 1, Identities = 40,
            EmbeddingDim = 3, FeatureDim = model.TokenWidth, ModelOptions = model, Training = new NeuprintTrainingOptions { Window = 30, RefitSteps = 50 },
            Data = new IdentityLoadOptions { NeighbourRadius = 40 },
            ClassClassifier = CellTypeClassifier.Fit(IdentityTask.Class, x, neurons),
            SubclassClassifier = CellTypeClassifier.Fit(IdentityTask.Subclass, x, neurons),
        };
        using var temp = new TempFolder();
        string path = temp.File("bundle.json");
        File.WriteAllText(path, manifest.ToJson());
        Assert.Contains("\"format\": \"blend-identity-bundle\"", File.ReadAllText(path));
        var read = IdentityBundleManifest.Read(path);
        Assert.Equal(30, read.Training.Window);
        Assert.Equal(50, read.Training.RefitSteps);
        Assert.Equal(40, read.Data.NeighbourRadius);
        Assert.Equal(4, read.ModelOptions.ActivityDim);
        Assert.Equal(manifest.SubclassClassifier!.Probabilities(x).Values, read.SubclassClassifier!.Probabilities(x).Values);
        Assert.Equal(manifest.ClassClassifier!.Predict(x), read.ClassClassifier!.Predict(x));

        // A model bundle's reader refuses it by its format, in one line.
        var error = Assert.Throws<BlendInputException>(() => BundleManifest.Read(path));
        Assert.Contains("a \"blend-identity-bundle\", not a \"blend-model-bundle\"", error.Message);
    }
}
