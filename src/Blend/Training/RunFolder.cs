namespace Blend.Training;

/// <summary>The files of a training run folder (<c>runs/NAME</c>).</summary>
public sealed record RunFolder(string Path)
{
    /// <summary>The resolved config (every key).</summary>
    public string Config => Combine("config.yaml");

    /// <summary>One JSON object per validation (see <see cref="ValidationRecord"/>).</summary>
    public string Metrics => Combine("metrics.jsonl");

    /// <summary>Rates of the best checkpoint as an NLB submission.</summary>
    public string Submission => Combine("submission.h5");

    /// <summary>The submission's NLB scores, as nlb_tools.evaluate returns them (when the dataset has an eval target).</summary>
    public string Scores => Combine("scores.json");

    /// <summary>The checkpoint folder (<c>checkpoints</c>).</summary>
    public string Checkpoints => Combine("checkpoints");

    /// <summary>The checkpoint of the lowest validation loss (<c>checkpoints/best.pt</c>).</summary>
    public string BestCheckpoint => System.IO.Path.Combine(Checkpoints, Trainer.BestCheckpoint);

    /// <summary>The latest state, from which a run resumes (<c>checkpoints/last.pt</c>).</summary>
    public string LastCheckpoint => System.IO.Path.Combine(Checkpoints, Trainer.LastCheckpoint);

    /// <summary>TensorBoard event files (<c>tensorboard --logdir runs</c>).</summary>
    public string TensorBoard => Combine("tensorboard");

    /// <summary>The model's latents of the eval trials (HDF5, <c>eval/&lt;latent name&gt;</c>).</summary>
    public string Latents => Combine("latents.h5");

    private string Combine(string name) => System.IO.Path.Combine(Path, name);
}
