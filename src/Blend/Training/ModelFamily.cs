using Blend.Data;
using Blend.Models;

namespace Blend.Training;

/// <summary>
/// Everything Blend knows about a model family in one place: its name (<c>model.architecture</c>), what it is, its
/// training objective in words (for reports), its own config section if it has one, its demo config, the rules between
/// keys that only it has, and how to build it. Adding a family is one <see cref="NeuralDynamicsModel"/>, one descriptor
/// and one <see cref="ModelFactory.Register(ModelFamily)"/> — from src for a built-in, or from code that embeds Blend.
/// </summary>
public abstract class ModelFamily
{
    /// <summary><c>model.architecture</c>: lower case, no commas or spaces.</summary>
    public abstract string Name { get; }

    /// <summary>What the model is, with its reference.</summary>
    public abstract string Description { get; }

    /// <summary>The family's own training objective, in words (a report's "objective" line).</summary>
    public virtual string Objective => "masked Poisson NLL";

    /// <summary>The family's own config section, or null when the shared <c>model:</c> keys are all it reads.</summary>
    public virtual FamilySection? Section => null;

    /// <summary>The file name of its demo config in <c>configs/</c> (<c>blend demo --model</c>), or null.</summary>
    public virtual string? DemoConfig => null;

    /// <summary>Builds the model for <paramref name="layout"/>; <paramref name="behaviorDims"/> &gt; 0 builds a teacher that also reads behavior.</summary>
    public abstract NeuralDynamicsModel Create(TrainingConfig config, TrialLayout layout, int behaviorDims);

    /// <summary>What is wrong with <paramref name="config"/> for this family (rules between keys), as messages without their origin; empty when fine.</summary>
    public virtual IEnumerable<string> Problems(TrainingConfig config) => [];
}
