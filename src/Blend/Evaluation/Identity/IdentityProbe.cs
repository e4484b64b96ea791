namespace Blend.Evaluation.Identity;

/// <summary>The two linear "rails" that bracket what a learned model should reach.</summary>
public enum IdentityProbe
{
    /// <summary>Probe A: each neuron's coupling to running, pupil and state, plus everything Probe B sees.</summary>
    BehaviorAware,

    /// <summary>Probe B: coupling to population mean/SD and own history, plus the trace's shape statistics.</summary>
    NeuralOnly,
}
