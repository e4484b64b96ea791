namespace Blend.Training.Identity;

/// <summary>What training or a Φ re-fit reports after each epoch of steps.</summary>
/// <param name="Phase">"train" (joint model + Φ) or "refit" (Φ only, model frozen).</param>
/// <param name="Step">Steps done.</param>
/// <param name="TotalSteps">Steps planned.</param>
/// <param name="Loss">Mean objective over the epoch's steps (with distillation: α·own + (1 − α)·strategy + Φ term).</param>
/// <param name="ValidationLoss">Masked reconstruction loss on held-out time (training only; NaN for re-fits).</param>
public sealed record NeuprintEpoch(string Phase, int Step, int TotalSteps, double Loss, double ValidationLoss);
