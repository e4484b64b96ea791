namespace Blend.Models;

/// <summary>How a teacher model combines privileged behavior with its neural input.</summary>
public enum BehaviorFusion
{
    /// <summary>Behavior × √D appended to the scaled spikes on the feature axis (the BLEND reference).</summary>
    Concat,
    /// <summary>A learned linear embedding of behavior added to the input embedding; the width stays N.</summary>
    Embed,
}
