using System.Text.Json;
using Blend.Training;
using static TorchSharp.torch;

namespace Blend.Deployment;

/// <summary>
/// <c>weights.ckpt</c> of a bundle: the model's parameters and buffers (<c>model.&lt;name&gt;</c>) in Blend's checkpoint
/// format, with the model's type in the metadata so a bundle's weights never load into another kind of model.
/// </summary>
public static class BundleWeights
{
    /// <summary>Writes <paramref name="model"/>'s parameters and buffers (<c>model.&lt;name&gt;</c>) and its type name to <paramref name="path"/>.</summary>
    public static void Write(string path, nn.Module model) =>
        CheckpointFile.Write(path, JsonSerializer.Serialize(new Dictionary<string, string> { ["model_type"] = model.GetType().Name }),
            model.state_dict().Select(p => KeyValuePair.Create($"model.{p.Key}", p.Value)));

    /// <summary>Loads the weights into <paramref name="model"/> (built from the bundle's config) and puts it in eval mode.</summary>
    public static void Load(string path, nn.Module model)
    {
        var (json, tensors) = CheckpointFile.Read(path);
        try
        {
            string? type;
            try
            {
                using var metadata = JsonDocument.Parse(json);
                type = metadata.RootElement.TryGetProperty("model_type", out var t) ? t.GetString() : null;
            }
            catch (JsonException)
            {
                type = null;
            }
            if (type != model.GetType().Name)
                throw new BlendInputException($"{path}: weights of a {type ?? "unknown model"}, not a {model.GetType().Name}");
            Trainer.CopyModel(path, tensors, model);
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
        model.eval();
    }
}
