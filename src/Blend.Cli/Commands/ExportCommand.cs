using System.CommandLine;
using System.Globalization;
using Blend.Data;
using Blend.Deployment;
using Blend.Deployment.Onnx;

namespace Blend.Cli.Commands;

/// <summary>
/// <c>blend export</c>: a bundle's model for use outside .NET — <c>onnx</c>, the inference graph (<see cref="OnnxExport"/>),
/// or <c>pth</c>, a PyTorch state dict (NDT under the reference's parameter names).
/// </summary>
public static class ExportCommand
{
    public static Command Create(TextWriter stdout)
    {
        var model = CliOptions.Required<string>("--model", "A model bundle (the model/ folder of a baseline or student run, or that run folder).", "-m");
        var format = CliOptions.Required<string>("--format", "onnx (an ONNX graph, opset 17, for ONNX Runtime and other runtimes) or pth (a PyTorch state dict).", "-f");
        format.AcceptOnlyFromAmong("onnx", "pth");
        var output = CliOptions.Required<FileInfo>("--out", "The file to write (replaced atomically if it exists).", "-o");
        var command = new Command("export", "Export a trained baseline or student to ONNX (inference graph) or PyTorch (state dict).") { model, format, output };
        command.SetAction(parsed => Run(parsed.GetValue(model)!, parsed.GetValue(format)!, parsed.GetValue(output)!.ToString(), stdout));
        return command;
    }

    private static int Run(string bundlePath, string format, string output, TextWriter stdout)
    {
        var bundle = ModelBundle.Read(bundlePath);
        var m = bundle.Manifest;
        if (m.BehaviorInputDims > 0)
            throw new BlendInputException($"{bundle.Folder}: this model takes behavior as input (a teacher); export a baseline or a student");
        using var network = bundle.CreateModel();
        if (Path.GetDirectoryName(Path.GetFullPath(output)) is { } parent && !Directory.Exists(parent))
            throw new BlendInputException($"{output}: folder {parent} does not exist");
        if (format == "onnx")
        {
            var bytes = OnnxExport.Build(network, new OnnxExportOptions
            {
                Layout = m.Layout,
                InferencePasses = m.InferencePasses,
                Decoder = m.Decoder,
                Metadata = Metadata(bundle),
            });
            AtomicFile.Write(output, temporary => File.WriteAllBytes(temporary, bytes));
            bool fixedTime = OnnxExport.HasFixedTime(network);
            stdout.WriteLine($"Wrote {output} ({bytes.Length / 1024.0:F0} KiB): ONNX opset {OnnxExport.Opset}, {m.Model} ({m.Architecture}, trained on '{m.Dataset}')");
            stdout.WriteLine($"  input  {OnnxExport.InputName,-18} batch × {(fixedTime ? m.MainBins + m.ForwardBins : "time")} × {m.HeldinCount}   held-in counts per bin (columns: neuron_columns metadata, first {m.HeldinCount}); forward bins as zeros");
            stdout.WriteLine($"  output {"log_rates, rates",-18} batch × {(fixedTime ? m.MainBins + m.ForwardBins : "time")} × {m.Neurons}   held-in then held-out neurons");
            foreach (var latent in m.Latents) stdout.WriteLine($"  output {latent.Name,-18} batch × time × {latent.Width}");
            if (m.Decoder is { } decoder) stdout.WriteLine($"  output {"behavior",-18} batch × time × {decoder.Outputs}   the bundle's ridge decoder on the rates");
            if (m.InferencePasses > 1) stdout.WriteLine($"  rates combine {m.InferencePasses} masked passes (training.inference_passes), as blend predict does");
        }
        else
        {
            PyTorchStateDict.Write(network, output);
            stdout.WriteLine($"Wrote {output}: the PyTorch state dict of {m.Model} ({m.Architecture}, {network.parameters().Sum(p => p.numel()):N0} parameters); " +
                             $"load it with torch.load and model.load_state_dict");
        }
        return ExitCodes.Success;
    }

    /// <summary>What a consumer of the ONNX file needs to feed it: which recording columns, at which bin width.</summary>
    private static Dictionary<string, string> Metadata(ModelBundle bundle)
    {
        var m = bundle.Manifest;
        var metadata = new Dictionary<string, string>
        {
            ["model"] = m.Model,
            ["role"] = m.Role,
            ["dataset"] = m.Dataset,
            ["blend_bundle_format_version"] = m.FormatVersion.ToString(CultureInfo.InvariantCulture),
            ["neuron_columns"] = string.Join(",", m.ChannelColumns),
            ["recording_neurons"] = m.RecordingNeurons.ToString(CultureInfo.InvariantCulture),
        };
        if (m.BinMs is double bin) metadata["bin_ms"] = bin.ToString(CultureInfo.InvariantCulture);
        if (m.UnitIds is { } ids) metadata["unit_ids"] = string.Join(",", ids);
        return metadata;
    }
}
