namespace Blend.Data.Identity;

/// <summary>
/// The per-frame population channels NeuPRINT concatenates to every neuron's token, in its order. The first three
/// are behaviour (privileged: a student sees them zero-filled); the last two are neural.
/// </summary>
public static class PopulationChannel
{
    /// <summary>Running speed resampled to frame times, z-scored per session.</summary>
    public const int Running = 0;

    /// <summary>Pupil (eye) size resampled to frame times, z-scored per session.</summary>
    public const int Pupil = 1;

    /// <summary>Behavioural state, raw 0/1/2 (running / stationary desynchronised / stationary synchronised).</summary>
    public const int State = 2;

    /// <summary>Mean over the session's neurons of the z-scored activity at the frame.</summary>
    public const int Mean = 3;

    /// <summary>Standard deviation (ddof 0) over the session's neurons of the z-scored activity at the frame.</summary>
    public const int Std = 4;

    /// <summary>Number of population channels.</summary>
    public const int Count = 5;

    /// <summary>The privileged behaviour channels.</summary>
    public static readonly IReadOnlyList<int> Behavior = [Running, Pupil, State];

    /// <summary>Short names of the channels, indexed by channel number.</summary>
    public static readonly IReadOnlyList<string> Names = ["running", "pupil", "state", "mean", "std"];
}
