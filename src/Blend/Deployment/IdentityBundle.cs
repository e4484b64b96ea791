using Blend.Data;
using Blend.Models;

namespace Blend.Deployment;

/// <summary>
/// A trained NeuPRINT identity model as one folder, the identity task's counterpart of <see cref="ModelBundle"/>:
/// <c>bundle.json</c> (<see cref="IdentityBundleManifest"/>: the training data, the config sections deployment needs,
/// the cell-type classifiers of Φ) and <c>weights.ckpt</c> (the dynamics model f; Φ is not part of it: a new
/// recording's Φ is fitted with f frozen). <c>blend identity</c> writes one for every baseline and student
/// (<c>seed&lt;k&gt;/&lt;model&gt;/model/</c>); <c>blend predict</c> applies it to a new Bugeon-layout recording.
/// </summary>
public sealed class IdentityBundle
{
    private IdentityBundle(string folder, IdentityBundleManifest manifest)
    {
        Folder = folder;
        Manifest = manifest;
    }

    /// <summary>The bundle's folder (holding <c>bundle.json</c> and <c>weights.ckpt</c>).</summary>
    public string Folder { get; }

    /// <summary>The bundle's <c>bundle.json</c>.</summary>
    public IdentityBundleManifest Manifest { get; }

    /// <summary>Writes a bundle for <paramref name="model"/> into <paramref name="folder"/> (new or empty), all at once.</summary>
    public static void Write(string folder, NeuprintModel model, IdentityBundleManifest manifest)
    {
        if (model.SeesBehavior)
            throw new ArgumentException("a teacher sees behaviour; only neural-only models (baselines, students) are bundled", nameof(model));
        AtomicDirectory.Write(folder, temporary =>
        {
            File.WriteAllText(Path.Combine(temporary, BundleManifest.FileName), manifest.ToJson());
            BundleWeights.Write(Path.Combine(temporary, BundleManifest.WeightsFileName), model);
        });
    }

    /// <summary>Reads a bundle (its folder, its bundle.json, or a run folder holding one in <c>model/</c>).</summary>
    public static IdentityBundle Read(string path)
    {
        string folder = BundleFolder.Resolve(path);
        return new IdentityBundle(folder, IdentityBundleManifest.Read(Path.Combine(folder, BundleManifest.FileName)));
    }

    /// <summary>Builds the neural-only dynamics model and loads its weights (eval mode); the caller disposes it.</summary>
    public NeuprintModel CreateModel()
    {
        var model = new NeuprintModel(Manifest.ModelOptions, seesBehavior: false, Manifest.Training.Window);
        try
        {
            BundleWeights.Load(Path.Combine(Folder, BundleManifest.WeightsFileName), model);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
