namespace Blend.Data.Synthetic;

/// <summary>
/// The dynamical system behind a synthetic population: conditions are different initial states, and each trial
/// starts near its condition's state, so trials of a condition follow similar (not identical) trajectories.
/// </summary>
public interface ILatentDynamics
{
    /// <summary>The family's name in <see cref="LatentDynamicsRegistry"/>, e.g. <c>lorenz</c>.</summary>
    string Name { get; }

    /// <summary>Dimensions of the latent state the neurons read out.</summary>
    int LatentDimensions { get; }

    /// <summary>One initial state per condition.</summary>
    double[][] ConditionStates(int conditions, SeededRandom random);

    /// <summary>
    /// A trial's latent trajectory, bins × <see cref="LatentDimensions"/> (C order), starting from a perturbation
    /// of <paramref name="conditionState"/>; <paramref name="binMs"/> sets how much real time one bin covers.
    /// </summary>
    double[] Simulate(double[] conditionState, int bins, double binMs, SeededRandom random);
}
