using Blend.Models;

namespace Blend.Training.Identity;

/// <summary>A trained, frozen behaviour-aware NeuPRINT model with its jointly learned embeddings.</summary>
public sealed record NeuprintTeacher(NeuprintModel Model, NeuronEmbeddingTable Embeddings);
