using Blend.Data;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Blend.Deployment;

/// <summary>
/// A model's parameters and buffers as a PyTorch state dict (<c>torch.save(model.state_dict())</c>'s zip format, written by
/// TorchSharp.PyBridge). NDT's names are the BLEND reference's (<c>transformer_encoder.layers.0.self_attn.in_proj_weight</c>,
/// …), so the reference's model loads the file with <c>load_state_dict</c>; the reference's unused sinusoidal table
/// <c>pos_encoder.pe</c> is not in it (<c>strict=False</c>, or load it into Blend's layout), and Blend's extensions
/// (the smoothed-input skip) add their own keys.
/// </summary>
public static class PyTorchStateDict
{
    /// <summary>The reference NDT's buffers that Blend's NDT does not have (its sinusoidal table, unused with learned positions).</summary>
    public static readonly string[] ReferenceOnlyKeys = ["pos_encoder.pe"];

    /// <summary>Writes <paramref name="model"/>'s state dict to <paramref name="path"/> in PyTorch's format (atomically: complete or absent).</summary>
    public static void Write(nn.Module model, string path) => AtomicFile.Write(path, temporary => model.save_py(temporary));

    /// <summary>
    /// Loads a PyTorch state dict into <paramref name="model"/>: every parameter and buffer by name and shape (the
    /// reference-only keys may be present and are ignored); a missing or unexpected key or a shape that differs is one line.
    /// </summary>
    public static void Read(string path, nn.Module model)
    {
        if (!File.Exists(path)) throw new BlendInputException($"{path}: file not found");
        try
        {
            model.load_py(path, strict: true, skip: ReferenceOnlyKeys);
        }
        // Only PyBridge's load runs here: whatever it throws (missing or extra keys, other shapes, an opcode its
        // unpickler lacks, a broken zip) means the file is no state dict of this model.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new BlendInputException($"{path}: not a state dict of this model ({NlbFileException.OneLine(e.Message)})", e);
        }
    }
}
