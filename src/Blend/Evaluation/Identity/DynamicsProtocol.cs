namespace Blend.Evaluation.Identity;

/// <summary>Where the dynamics models of an identity experiment are trained.</summary>
public enum DynamicsProtocol
{
    /// <summary>
    /// One set of models per seed, trained on every session (label-free: the dynamics model and Φ never see a cell
    /// type), then classified leave-one-mouse-out. Each held-out mouse's activity was seen during training, as in
    /// transductive self-supervised embedding; its labels never were.
    /// </summary>
    Shared,

    /// <summary>
    /// Per held-out mouse, models trained only on the other mice's sessions; the held-out mouse's Φ is fitted with
    /// the frozen model, as NeuPRINT's cross-animal test does (4 × the training cost).
    /// </summary>
    PerFold,
}
