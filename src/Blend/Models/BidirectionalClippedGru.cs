using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// lfads-torch's bidirectional encoder GRU: a forward and a backward <see cref="ClippedGruCell"/>, the backward
/// one run on the time-reversed sequence with its outputs flipped back, each starting from a learned, zero-initialised
/// state (<c>h0</c>, 2 × H, tiled over the batch). Both directions advance together in one batched matmul per step,
/// and all input projections are computed before the loop.
/// </summary>
public sealed class BidirectionalClippedGru : nn.Module
{
    private readonly ClippedGruCell forward_cell, backward_cell;
    private readonly Parameter h0;

    /// <summary>Builds both direction cells (kernels ~ N(0, 1/(I + H)), as lfads-torch's encoders) and a zero initial state.</summary>
    /// <param name="inputSize">Input channels I per step.</param>
    /// <param name="hiddenSize">State width H of each direction (outputs are 2H wide).</param>
    /// <param name="clip">States are clamped to ±<paramref name="clip"/> after every step (LFADS' <c>cell_clip</c>).</param>
    public BidirectionalClippedGru(int inputSize, int hiddenSize, double clip) : base("BidirectionalClippedGRU")
    {
        // Encoder cells: both kernels ~ N(0, 1/(I + H)).
        forward_cell = new ClippedGruCell(inputSize, hiddenSize, clip, inputSize + hiddenSize, inputSize + hiddenSize);
        backward_cell = new ClippedGruCell(inputSize, hiddenSize, clip, inputSize + hiddenSize, inputSize + hiddenSize);
        h0 = new Parameter(zeros(2, hiddenSize));
        RegisterComponents();
    }

    /// <summary>State width H of each direction.</summary>
    public int HiddenSize => forward_cell.HiddenSize;

    /// <summary>The cell that reads the sequence forward in time (its recurrent kernel is one of those LFADS' L2 penalty reads).</summary>
    public ClippedGruCell ForwardCell => forward_cell;
    /// <summary>The cell that reads the time-reversed sequence.</summary>
    public ClippedGruCell BackwardCell => backward_cell;

    /// <summary>Runs <paramref name="x"/> (B × T × I); see <see cref="Run(Tensor, Tensor?, bool)"/>.</summary>
    public (Tensor Outputs, Tensor FinalForward, Tensor FinalBackward) Forward(Tensor x, bool keepOutputs = true) => Run(x, null, keepOutputs);

    /// <summary>
    /// Runs the sequence <paramref name="x"/> (B × T × I). <paramref name="extraProjection"/> (B × T × 3H per direction,
    /// stacked 2 × B × T × 3H, or null) is added to the input projections, for inputs whose weights live elsewhere
    /// (a teacher's behavior channels). Returns the per-step outputs [fwd_t ‖ bwd_t] (B × T × 2H; null when not kept)
    /// and the final states h_T^fwd and h_1^bwd (B × H each).
    /// </summary>
    public (Tensor Outputs, Tensor FinalForward, Tensor FinalBackward) Run(Tensor x, Tensor? extraProjection, bool keepOutputs)
    {
        long batch = x.shape[0], steps = x.shape[1];
        int h = HiddenSize;
        // 2 × B × T × 3H: direction 0 reads time forward, direction 1 the reversed sequence.
        var projected = stack([forward_cell.ProjectInput(x), backward_cell.ProjectInput(x.flip(1))]);
        if (extraProjection is not null)
            projected = projected + stack([extraProjection[0], extraProjection[1].flip(1)]);
        var kernels = ClippedGruCell.Kernels.Split(stack([forward_cell.RecurrentWeight.t(), backward_cell.RecurrentWeight.t()])); // 2 × H × 3H
        // Per-step slices made once: unbind's backward is one stack, where per-step select would zero-fill the whole
        // sequence's gradient at every step.
        var (gates, candidate) = ClippedGruCell.Split(projected, h);
        var gateSteps = gates.unbind(2);
        var candidateSteps = candidate.unbind(2);
        var state = h0.unsqueeze(1).expand(2, batch, h);
        var outputs = keepOutputs ? new Tensor[steps] : null;
        for (int t = 0; t < steps; t++)
        {
            using var scope = NewDisposeScope();
            state = ClippedGruCell.Step(gateSteps[t], candidateSteps[t], state, kernels, forward_cell.Clip).MoveToOuterDisposeScope();
            if (outputs is not null) outputs[t] = state;
        }
        Tensor? sequence = null;
        if (outputs is not null)
        {
            var all = stack(outputs, 2); // 2 × B × T × H
            sequence = cat([all[0], all[1].flip(1)], -1);
        }
        return (sequence!, state[0], state[1]);
    }
}
