using System.Text;
using System.Text.Json;
using Blend.Data;
using Blend.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Training.Identity;

/// <summary>
/// Everything NeuPRINT's joint training changes as it runs (<see cref="NeuprintTrainer.Train"/>): f, Φ, the distillation
/// strategy's and the Φ map's parameters, both Adam optimizers and the batch sampler. <see cref="NeuprintCheckpoint"/>
/// saves and restores it.
/// </summary>
internal sealed record NeuprintTrainingParts(
    NeuprintModel Model, NeuronEmbeddingTable Embeddings, IReadOnlyList<Parameter> StrategyParameters, nn.Module? EmbeddingMap,
    OptimizerHelper Optimizer, OptimizerHelper EmbeddingOptimizer, NeuprintBatchSampler Sampler);

/// <summary>
/// NeuPRINT's joint training as a checkpoint (<see cref="CheckpointFile"/>'s format), written at the end of each epoch of
/// steps so that an interrupted identity experiment continues the model where it stopped and ends with the weights an
/// uninterrupted run has: the step and the epoch history; the <see cref="NeuprintTrainingParts"/>; and libtorch's global
/// generator, from which dropout draws (<see cref="TorchGlobalState"/>).
/// </summary>
internal static class NeuprintCheckpoint
{
    private sealed record Metadata(int Step, int TotalSteps, ulong SamplerRandom, List<NeuprintEpoch> History);

    private static readonly JsonSerializerOptions Json = CheckpointMetadata.Json;

    /// <summary>Writes the state after <paramref name="step"/> steps atomically (a kill mid-write keeps the previous one).</summary>
    public static void Write(string path, int step, int totalSteps, IReadOnlyList<NeuprintEpoch> history, NeuprintTrainingParts parts)
    {
        var (samplerRandom, masks) = parts.Sampler.CaptureState();
        var metadata = JsonSerializer.Serialize(new Metadata(step, totalSteps, samplerRandom, [.. history]), Json);
        using var scope = NewDisposeScope();
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (var (name, tensor) in parts.Model.state_dict()) tensors.Add(new($"model.{name}", tensor));
        foreach (var (name, tensor) in parts.Embeddings.state_dict()) tensors.Add(new($"embeddings.{name}", tensor));
        for (int i = 0; i < parts.StrategyParameters.Count; i++) tensors.Add(new($"strategy.{i}", parts.StrategyParameters[i]));
        if (parts.EmbeddingMap is not null)
            foreach (var (name, tensor) in parts.EmbeddingMap.state_dict()) tensors.Add(new($"embedding_map.{name}", tensor));
        tensors.Add(new("optimizer.model", OptimizerBytes(parts.Optimizer)));
        tensors.Add(new("optimizer.embeddings", OptimizerBytes(parts.EmbeddingOptimizer)));
        tensors.Add(new("rng.masks", masks));
        tensors.Add(new("rng.global", TorchGlobalState.CaptureRandomState()));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        CheckpointFile.Write(path, metadata, tensors);
    }

    /// <summary>
    /// Restores what <see cref="Write"/> saved into <paramref name="parts"/> (built as for the run that wrote it) and
    /// returns the steps done and the history so far.
    /// </summary>
    public static (int Step, List<NeuprintEpoch> History) Restore(string path, int totalSteps, NeuprintTrainingParts parts)
    {
        var (json, tensors) = CheckpointFile.Read(path);
        try
        {
            var metadata = JsonSerializer.Deserialize<Metadata>(json, Json) ?? throw new BlendInputException($"{path}: checkpoint without metadata");
            if (metadata.TotalSteps != totalSteps)
                throw new BlendInputException($"{path}: a checkpoint of a {metadata.TotalSteps}-step run, not of this {totalSteps}-step one");
            Tensor Take(string name) => Saved(tensors, name, path);
            Copy("model", parts.Model, tensors, path);
            Copy("embeddings", parts.Embeddings, tensors, path);
            for (int i = 0; i < parts.StrategyParameters.Count; i++)
                using (no_grad()) parts.StrategyParameters[i].copy_(Take($"strategy.{i}"));
            if (parts.EmbeddingMap is not null) Copy("embedding_map", parts.EmbeddingMap, tensors, path);
            LoadOptimizer(parts.Optimizer, Take("optimizer.model"), path);
            LoadOptimizer(parts.EmbeddingOptimizer, Take("optimizer.embeddings"), path);
            parts.Sampler.RestoreState(metadata.SamplerRandom, Take("rng.masks"));
            TorchGlobalState.RestoreRandomState(Take("rng.global"));
            return (metadata.Step, metadata.History);
        }
        catch (JsonException e)
        {
            throw new BlendInputException($"{path}: damaged checkpoint metadata ({e.Message})", e);
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }

    /// <summary>Only f's and Φ's weights from a checkpoint <see cref="Write"/> saved (a finished teacher, restored for its students).</summary>
    public static void LoadWeights(string path, NeuprintModel model, NeuronEmbeddingTable embeddings)
    {
        var (_, tensors) = CheckpointFile.Read(path);
        try
        {
            Copy("model", model, tensors, path);
            Copy("embeddings", embeddings, tensors, path);
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }

    private static Tensor Saved(Dictionary<string, Tensor> tensors, string name, string path) => tensors.TryGetValue(name, out var t) ? t
        : throw new BlendInputException($"{path}: checkpoint has no '{name}' (written for another model or strategy)");

    /// <summary>Copies the saved <c>prefix.NAME</c> tensors into <paramref name="module"/>'s state, checking every shape.</summary>
    private static void Copy(string prefix, nn.Module module, Dictionary<string, Tensor> tensors, string path)
    {
        foreach (var (name, target) in module.state_dict())
        {
            var saved = Saved(tensors, $"{prefix}.{name}", path);
            if (!saved.shape.SequenceEqual(target.shape))
                throw new BlendInputException($"{path}: '{prefix}.{name}' has shape [{string.Join(", ", saved.shape)}], the model [{string.Join(", ", target.shape)}]");
            using (no_grad()) target.copy_(saved);
        }
    }

    /// <summary>The optimizer's state in TorchSharp's own format, as a byte tensor.</summary>
    private static Tensor OptimizerBytes(OptimizerHelper optimizer)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
        return tensor(memory.ToArray());
    }

    private static void LoadOptimizer(OptimizerHelper optimizer, Tensor bytes, string path)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes.data<byte>().ToArray()));
            optimizer.load_state_dict(reader);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException or IOException)
        {
            throw new BlendInputException($"{path}: optimizer state does not fit this model ({e.Message})", e);
        }
    }
}
