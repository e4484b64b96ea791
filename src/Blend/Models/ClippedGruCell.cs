using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Blend.Models;

/// <summary>
/// lfads-torch's ClippedGRUCell (Sedler &amp; Pandarinath 2023), gate order (z, r, n):
/// z = σ(W_iz·x + b_iz + W_hz·h), r = σ(W_ir·x + b_ir + W_hr·h), n = tanh(W_in·x + b_in + W_hn·(r ⊙ h)),
/// h' = clamp(z ⊙ h + (1 − z) ⊙ n, ±clip). The reset gate acts on h before the recurrent matmul (unlike torch's
/// GRUCell) and z weights the old state. b_ih starts at 1 for z and r (TF's forget bias) and 0 for n; the reference's
/// recurrent bias b_hh is frozen at zero, so it is left out. The input projection is separate from the step
/// (<see cref="ProjectInput"/>), so a sequence's inputs are projected with one matmul before the per-step loop.
/// </summary>
public sealed class ClippedGruCell : nn.Module
{
    private readonly Parameter weight_ih, weight_hh, bias_ih;

    /// <summary>A cell with lfads-torch's initialisation: Gaussian kernels, input bias 1 for z and r and 0 for n.</summary>
    /// <param name="inputSize">Input width I per step (0: the cell has no input, only its bias).</param>
    /// <param name="hiddenSize">State width H (≥ 1).</param>
    /// <param name="clip">States are clamped to ±<paramref name="clip"/> after every step (LFADS' <c>cell_clip</c>).</param>
    /// <param name="inputScale">Weight variance denominators: W_ih ~ N(0, 1/inputScale), W_hh ~ N(0, 1/hiddenScale).</param>
    /// <param name="hiddenScale">See <paramref name="inputScale"/>.</param>
    public ClippedGruCell(int inputSize, int hiddenSize, double clip, double inputScale, double hiddenScale) : base("ClippedGRUCell")
    {
        if (inputSize < 0 || hiddenSize < 1) throw new ArgumentOutOfRangeException(nameof(hiddenSize), $"GRU sizes: input {inputSize}, hidden {hiddenSize}");
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        Clip = clip;
        weight_ih = new Parameter(randn(3L * hiddenSize, inputSize) / Math.Sqrt(Math.Max(inputScale, 1)));
        weight_hh = new Parameter(randn(3L * hiddenSize, hiddenSize) / Math.Sqrt(hiddenScale));
        bias_ih = new Parameter(cat([ones(2L * hiddenSize), zeros(hiddenSize)]));
        RegisterComponents();
    }

    /// <summary>Input width I per step (0 for a cell driven by its bias alone).</summary>
    public int InputSize { get; }
    /// <summary>State width H.</summary>
    public int HiddenSize { get; }
    /// <summary>Bound of the state: every new state is clamped to ±<see cref="Clip"/> (LFADS' <c>cell_clip</c>).</summary>
    public double Clip { get; }

    /// <summary>W_ih (3H × I).</summary>
    public Parameter InputWeight => weight_ih;

    /// <summary>W_hh (3H × H), the recurrent kernel the L2 penalty reads.</summary>
    public Parameter RecurrentWeight => weight_hh;

    /// <summary>b_ih (3H, gate order z, r, n), initialised to 1 for z and r and 0 for n.</summary>
    public Parameter InputBias => bias_ih;

    /// <summary>W_ih·x + b_ih for inputs of any leading shape (… × I → … × 3H).</summary>
    public Tensor ProjectInput(Tensor x) => InputSize == 0
        ? bias_ih.expand([.. x.shape[..^1], 3L * HiddenSize])
        : nn.functional.linear(x, weight_ih, bias_ih);

    /// <summary>One step from an input projection (B × 3H, from <see cref="ProjectInput"/>) and the state (B × H).</summary>
    public Tensor Step(Tensor projectedInput, Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var kernels = Kernels.Split(weight_hh.t());
        var inputs = Split(projectedInput, HiddenSize);
        return Step(inputs.Gates, inputs.Candidate, hidden, kernels, Clip).MoveToOuterDisposeScope();
    }

    /// <summary>One full step from raw input (B × I).</summary>
    public Tensor Forward(Tensor input, Tensor hidden) => Step(ProjectInput(input), hidden);

    /// <summary>The transposed recurrent kernel split into its (z, r) and n parts, prepared once per sequence.</summary>
    internal sealed record Kernels(Tensor Gates, Tensor Candidate)
    {
        /// <summary>From W_hhᵀ (H × 3H), or a stack G × H × 3H for G cells run together on a G × B × H state.</summary>
        public static Kernels Split(Tensor recurrentT)
        {
            long h = recurrentT.shape[^2];
            return new Kernels(recurrentT.narrow(-1, 0, 2 * h), recurrentT.narrow(-1, 2 * h, h));
        }
    }

    /// <summary>An input projection (… × 3H) split into its (z, r) part (… × 2H) and its n part (… × H).</summary>
    internal static (Tensor Gates, Tensor Candidate) Split(Tensor projected, long hidden) =>
        (projected.narrow(-1, 0, 2 * hidden), projected.narrow(-1, 2 * hidden, hidden));

    /// <summary>
    /// The step from pre-split input projections (gates: B × 2H, candidate: B × H; or with a leading group dimension)
    /// and pre-split kernels: the per-step work is two matmuls and the elementwise gate arithmetic.
    /// </summary>
    internal static Tensor Step(Tensor inputGates, Tensor inputCandidate, Tensor hidden, Kernels kernels, double clip)
    {
        using var scope = NewDisposeScope();
        long h = hidden.shape[^1];
        var zr = inputGates.add(hidden.matmul(kernels.Gates)).sigmoid_();
        var z = zr.narrow(-1, 0, h);
        var r = zr.narrow(-1, h, h);
        var n = inputCandidate.add(r.mul(hidden).matmul(kernels.Candidate)).tanh_();
        // z ⊙ h + (1 − z) ⊙ n = n + z ⊙ (h − n)
        var next = n.addcmul(z, hidden.sub(n), 1).clamp(-clip, clip);
        return next.MoveToOuterDisposeScope();
    }

}
