namespace Blend.Distillation;

/// <summary>What the frozen teacher reads while a student trains (<c>distillation.teacher_input</c>).</summary>
public enum TeacherInput
{
    /// <summary>The student's own batch input (for NDT/STNDT the masked spikes; LFADS always reads the unmasked ones).</summary>
    Masked,
    /// <summary>
    /// The unmasked spikes (held-in main bins, zeros elsewhere), as the teacher sees them at inference: its targets at
    /// masked bins then come from the counts the student must infer, not from a guess (Lopez-Paz et al. 2016's
    /// generalized distillation: the teacher uses information the student lacks).
    /// </summary>
    Unmasked,
}
