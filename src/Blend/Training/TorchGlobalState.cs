using static TorchSharp.torch;

namespace Blend.Training;

/// <summary>
/// The one place library code touches libtorch's process-global random generator. TorchSharp's module constructors
/// (parameter initialisation) and dropout draw from it and take no generator of their own, so a model's initial weights
/// and its dropout masks follow whatever the generator holds when it is built. Everything else that is random has an
/// explicit stream (<see cref="Blend.Data.TrainingRandom"/>, per-purpose <see cref="Generator"/>s for masks and Φ initialisation).
/// <see cref="Blend.Experiments.BlendRecipe"/> seeds construction once per model; the trainer saves and restores the
/// state with its checkpoints so a resumed run draws the same dropout masks. The thread count is the entry point's
/// (the CLI's) choice, never the library's.
/// </summary>
public static class TorchGlobalState
{
    /// <summary>Builds <paramref name="build"/>'s model from the generator seeded with <paramref name="seed"/>: the same seed, the same initial weights.</summary>
    public static T Seeded<T>(long seed, Func<T> build)
    {
        random.manual_seed(seed);
        return build();
    }

    /// <summary>The generator's state, for a checkpoint.</summary>
    public static Tensor CaptureRandomState() => random.get_rng_state();

    /// <summary>Restores a state <see cref="CaptureRandomState"/> took, so dropout continues as in the uninterrupted run.</summary>
    public static void RestoreRandomState(Tensor state) => random.set_rng_state(state);
}
