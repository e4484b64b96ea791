using System.Text.Json;
using Blend.Tests.Data;
using static TorchSharp.torch;

namespace Blend.Tests.Models;

/// <summary>TestData/golden/ndt_reference: the BLEND reference code's NDT and teacher state dicts with inputs and outputs.</summary>
internal sealed class NdtReferenceFixture
{
    public static readonly string Folder = NlbTestFiles.GoldenFile("ndt_reference");
    public static string StudentWeights => Path.Combine(Folder, "student_ndt.pth");
    public static string TeacherWeights => Path.Combine(Folder, "teacher_ndt.pth");

    private static readonly Lazy<NdtReferenceFixture> Instance = new(() => new NdtReferenceFixture());
    public static NdtReferenceFixture Load() => Instance.Value;

    private readonly JsonElement _root;

    private NdtReferenceFixture()
    {
        _root = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "ndt_reference.json"))).RootElement;
        var dims = _root.GetProperty("dims");
        Batch = dims.GetProperty("batch").GetInt32();
        Time = dims.GetProperty("time").GetInt32();
        Neurons = dims.GetProperty("heldin").GetInt32() + dims.GetProperty("heldout").GetInt32();
        BehaviorDims = dims.GetProperty("behavior").GetInt32();
    }

    public int Batch { get; }
    public int Time { get; }
    public int Neurons { get; }
    public int BehaviorDims { get; }

    public double Scalar(string name) => _root.GetProperty(name).GetDouble();

    public double Distillation(string name) => _root.GetProperty("distillation").GetProperty(name).GetDouble();

    /// <summary>A B × T × C array of the JSON as a float32 tensor (or int64 for labels).</summary>
    public Tensor Tensor3(string name, ScalarType type = ScalarType.Float32)
    {
        var rows = _root.GetProperty(name);
        var values = rows.EnumerateArray().SelectMany(t => t.EnumerateArray().SelectMany(b => b.EnumerateArray().Select(v => v.GetDouble()))).ToArray();
        long channels = rows[0][0].GetArrayLength();
        return tensor(values, [rows.GetArrayLength(), rows[0].GetArrayLength(), channels]).to_type(type);
    }
}
