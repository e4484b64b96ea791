namespace Blend.Evaluation.Results;

/// <summary>What a model is in an experiment.</summary>
public enum ModelRole
{
    /// <summary>Neural input only, masked modeling alone.</summary>
    Baseline,
    /// <summary>Neural input plus behavior (privileged: also at evaluation), masked modeling.</summary>
    Teacher,
    /// <summary>Neural input only, masked modeling plus distillation from the teacher.</summary>
    Student,
    /// <summary>
    /// A fixed, untrained reference (NLB's smoothing baseline): neural input only, no seed, the same in every replicate;
    /// it shows whether the deep models are any good.
    /// </summary>
    Reference,
}
