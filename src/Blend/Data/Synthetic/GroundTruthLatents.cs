namespace Blend.Data.Synthetic;

/// <summary>
/// The true latents of a synthetic dataset (<c>ground_truth.h5</c> of <c>blend synth</c>), per bin of the main window:
/// the z-scored dynamics state followed by the reach latent that drives that bin (reach(t + lag), as the rates see it),
/// trials × main bins × (dynamics dims + 2).
/// </summary>
public sealed record GroundTruthLatents(Array3 Train, Array3 Eval)
{
    /// <summary>Reads <c>ground_truth.h5</c> from a dataset folder; null when the folder has none (recorded data).</summary>
    public static GroundTruthLatents? Read(string folder, int mainBins)
    {
        string path = Path.Combine(folder, SyntheticDatasetWriter.GroundTruthFile);
        if (!File.Exists(path)) return null;
        using var reader = Hdf5Reader.Open(path);
        Array3 Split(string split)
        {
            var dynamics = reader.ReadArray3($"{split}/dynamics_latent");
            var reach = reader.ReadArray3($"{split}/reach_latent");
            int lag = reach.Time - dynamics.Time;
            if (dynamics.Time < mainBins || lag < 0 || reach.Trials != dynamics.Trials)
                throw reader.Error($"{split}/reach_latent", $"shape {reach.ShapeText} does not fit dynamics_latent {dynamics.ShapeText} and {mainBins} main bins");
            var result = new Array3(dynamics.Trials, mainBins, dynamics.Channels + reach.Channels);
            for (int trial = 0; trial < dynamics.Trials; trial++)
                for (int t = 0; t < mainBins; t++)
                {
                    var target = result.Bin(trial, t);
                    dynamics.Bin(trial, t).CopyTo(target);
                    reach.Bin(trial, t + lag).CopyTo(target[dynamics.Channels..]);
                }
            return result;
        }
        return new GroundTruthLatents(Split("train"), Split("eval"));
    }
}
