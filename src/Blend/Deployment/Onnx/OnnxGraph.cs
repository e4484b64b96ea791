using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Blend.Deployment.Onnx;

/// <summary>An ONNX node attribute (AttributeProto): a float, int, string, int list, tensor or subgraph.</summary>
internal sealed record OnnxAttribute(string Name, object Value)
{
    public static OnnxAttribute Int(string name, long value) => new(name, value);

    public static OnnxAttribute Float(string name, float value) => new(name, value);

    public static OnnxAttribute Ints(string name, params long[] values) => new(name, values);

    public static OnnxAttribute Graph(string name, OnnxGraph graph) => new(name, graph);

    internal ProtobufWriter ToProto()
    {
        var proto = new ProtobufWriter().String(1, Name);
        switch (Value)
        {
            case float f: proto.Float(2, f).Varint(20, 1); break;
            case long i: proto.Varint(3, i).Varint(20, 2); break;
            case string s: proto.String(4, s).Varint(20, 3); break;
            case OnnxGraph g: proto.Message(6, g.ToProto()).Varint(20, 5); break;
            case long[] ints: proto.PackedVarints(8, ints).Varint(20, 7); break;
            default: throw new ArgumentException($"unsupported ONNX attribute value {Value.GetType().Name}");
        }
        return proto;
    }
}

/// <summary>
/// An ONNX graph under construction (onnx.proto's GraphProto): typed inputs and outputs whose dimensions are numbers or
/// symbolic names (dynamic axes), float32 / int64 initializers (the weights), and nodes in topological order, each
/// output named uniquely. <see cref="ToModel"/> wraps it in a ModelProto for opset <see cref="Opset"/>; a graph can also
/// be a subgraph (the body of a Loop). The writer only writes: ONNX Runtime, in the tests, is what checks it.
/// </summary>
internal sealed class OnnxGraph(string name)
{
    /// <summary>The ONNX operator set the graphs use (LayerNormalization needs 17).</summary>
    public const long Opset = 17;

    /// <summary>IR version 8 is the one that came with opset 17 (ONNX 1.12).</summary>
    private const long IrVersion = 8;

    private const int FloatType = 1, BoolType = 9, Int64Type = 7;

    private readonly List<ProtobufWriter> _nodes = [];
    private readonly List<ProtobufWriter> _initializers = [];
    private readonly List<ProtobufWriter> _inputs = [];
    private readonly List<ProtobufWriter> _outputs = [];
    private readonly HashSet<string> _names = [];
    private readonly HashSet<string> _weights = [];
    private int _counter;

    public string Name { get; } = name;

    /// <summary>A float32 input; each dimension a number or the name of a dynamic axis.</summary>
    public string Input(string name, params object[] dims) => AddValue(_inputs, name, FloatType, dims);

    public string Int64Input(string name, params object[] dims) => AddValue(_inputs, name, Int64Type, dims);

    public string BoolInput(string name, params object[] dims) => AddValue(_inputs, name, BoolType, dims);

    /// <summary>Declares <paramref name="value"/> (a node's output) as a float32 graph output named <paramref name="name"/>.</summary>
    public void Output(string value, string name, params object[] dims)
    {
        if (value != name) Node("Identity", [value], name);
        AddValue(_outputs, name, FloatType, dims);
    }

    public void BoolOutput(string value, string name)
    {
        if (value != name) Node("Identity", [value], name);
        AddValue(_outputs, name, BoolType, []);
    }

    /// <summary>A float32 initializer holding <paramref name="values"/> (row-major) of shape <paramref name="dims"/>.</summary>
    public string Floats(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        Reserve(name);
        var tensor = new ProtobufWriter().PackedVarints(1, dims).Varint(2, FloatType).String(8, name)
            .Bytes(9, MemoryMarshal.AsBytes(values));
        _initializers.Add(tensor);
        return name;
    }

    /// <summary>
    /// A float32 initializer with the values and shape of a libtorch tensor; a name given again returns the first one,
    /// so graphs that run a forward pass several times (masked-pass inference) share one copy of each weight.
    /// </summary>
    public string Weight(string name, Tensor tensor)
    {
        if (_weights.Contains(name)) return name;
        _weights.Add(name);
        using var scope = NewDisposeScope();
        var values = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        return Floats(name, values, tensor.shape);
    }

    public string Scalar(float value)
    {
        string name = Fresh("const");
        _initializers.Add(new ProtobufWriter().Varint(2, FloatType).String(8, name).Bytes(9, MemoryMarshal.AsBytes(new[] { value }.AsSpan())));
        return name;
    }

    /// <summary>An int64 scalar initializer (a Gather index that drops its axis).</summary>
    public string Int64Scalar(long value)
    {
        string name = Fresh("index");
        _initializers.Add(new ProtobufWriter().Varint(2, Int64Type).String(8, name).Bytes(9, MemoryMarshal.AsBytes(new[] { value }.AsSpan())));
        return name;
    }

    /// <summary>An int64 initializer (shapes, axes, slice bounds).</summary>
    public string Int64s(params long[] values)
    {
        string name = Fresh("ints");
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        _initializers.Add(new ProtobufWriter().PackedVarints(1, [values.Length]).Varint(2, Int64Type).String(8, name).Bytes(9, bytes));
        return name;
    }

    /// <summary>A node with one output; returns the output's name (<paramref name="output"/> or a fresh one).</summary>
    public string Node(string op, IReadOnlyList<string> inputs, string? output = null, params OnnxAttribute[] attributes) =>
        Nodes(op, inputs, 1, output is null ? null : [output], attributes)[0];

    /// <summary>A node with several outputs.</summary>
    public string[] Nodes(string op, IReadOnlyList<string> inputs, int outputs, string[]? names = null, params OnnxAttribute[] attributes)
    {
        string[] outputNames;
        if (names is null) outputNames = [.. Enumerable.Range(0, outputs).Select(_ => Fresh(op.ToLowerInvariant()))]; // reserved by Fresh
        else
        {
            outputNames = names;
            foreach (string output in outputNames) Reserve(output);
        }
        var node = new ProtobufWriter();
        foreach (string input in inputs) node.String(1, input);
        foreach (string output in outputNames) node.String(2, output);
        node.String(3, Fresh($"{op}_node")).String(4, op);
        foreach (var attribute in attributes) node.Message(5, attribute.ToProto());
        _nodes.Add(node);
        return outputNames;
    }

    /// <summary>A unique value name starting with <paramref name="stem"/>.</summary>
    public string Fresh(string stem)
    {
        string candidate;
        do candidate = $"{stem}_{_counter++}";
        while (_names.Contains(candidate));
        _names.Add(candidate);
        return candidate;
    }

    internal ProtobufWriter ToProto()
    {
        var graph = new ProtobufWriter();
        foreach (var node in _nodes) graph.Message(1, node);
        graph.String(2, Name);
        foreach (var initializer in _initializers) graph.Message(5, initializer);
        foreach (var input in _inputs) graph.Message(11, input);
        foreach (var output in _outputs) graph.Message(12, output);
        return graph;
    }

    /// <summary>The serialised ModelProto: this graph, opset 17 of the default domain, and string metadata.</summary>
    public byte[] ToModel(string producerVersion, string documentation, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var model = new ProtobufWriter().Varint(1, IrVersion).String(2, "blend").String(3, producerVersion).String(6, documentation)
            .Message(7, ToProto())
            .Message(8, new ProtobufWriter().String(1, "").Varint(2, Opset));
        foreach (var (key, value) in metadata) model.Message(14, new ProtobufWriter().String(1, key).String(2, value));
        return model.ToArray();
    }

    private string AddValue(List<ProtobufWriter> list, string name, int elementType, object[] dims)
    {
        if (list == _inputs) Reserve(name);
        var shape = new ProtobufWriter();
        foreach (var dim in dims)
        {
            var dimension = dim switch
            {
                int value => new ProtobufWriter().Varint(1, value),
                long value => new ProtobufWriter().Varint(1, value),
                string symbol => new ProtobufWriter().String(2, symbol),
                _ => throw new ArgumentException($"a dimension is a number or a name, not {dim}"),
            };
            shape.Message(1, dimension);
        }
        var tensorType = new ProtobufWriter().Varint(1, elementType).Message(2, shape);
        list.Add(new ProtobufWriter().String(1, name).Message(2, new ProtobufWriter().Message(1, tensorType)));
        return name;
    }

    private void Reserve(string name)
    {
        if (!_names.Add(name)) throw new ArgumentException($"ONNX value name '{name}' is used twice in graph '{Name}'");
    }
}
