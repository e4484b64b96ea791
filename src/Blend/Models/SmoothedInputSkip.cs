using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Blend.Models;

/// <summary>
/// The transformers' optional skip from the input to the log-rates (<see cref="NdtOptions.ReadoutSkipBins"/>): the
/// (masked) counts, Gaussian-smoothed over time and log1p-compressed, through a zero-initialised linear map — of rank
/// <see cref="NdtOptions.ReadoutSkipRank"/> where that is &gt; 0 — added to the readout's log-rates. It is NLB's smoothing
/// baseline (a Poisson GLM on smoothed held-in spikes) running beside the transformer: each neuron's recent counts reach
/// the rates directly, not only through a residual stream that the dominant shared dynamics claim. Zero start: the model
/// begins as the transformer alone. log1p, as NLB's GLM takes the log of the smoothed spikes: a linear map of raw counts
/// turned one burst bin (counts of 60–90 occur in the synthetic sets) into rates in the thousands.
/// </summary>
internal sealed class SmoothedInputSkip : Module
{
    private readonly Sequential map;
    private const string BandBuffer = "band";

    public SmoothedInputSkip(int neurons, int bins, double sigmaBins, int rank, bool causal = false) : base(nameof(SmoothedInputSkip))
    {
        var output = Linear(rank > 0 ? rank : neurons, neurons);
        map = rank > 0 ? Sequential(Linear(neurons, rank, hasBias: false), output) : Sequential(output);
        using (no_grad())
        {
            init.zeros_(output.weight!);
            init.zeros_(output.bias!);
        }
        RegisterComponents();
        register_buffer(BandBuffer, NdtModel.SmoothingBand(sigmaBins, bins, causal), persistent: false);
    }

    /// <summary>B × T × N log-rate offsets from B × T × N counts.</summary>
    public Tensor Forward(Tensor neural) => map.forward(NdtModel.SmoothWithBand(neural, get_buffer(BandBuffer)!).log1p());

    /// <summary>The skip the options ask for, or null (<see cref="NdtOptions.ReadoutSkipBins"/> = 0).</summary>
    public static SmoothedInputSkip? For(NdtOptions options, int neurons, int bins) =>
        options.ReadoutSkipBins > 0 ? new SmoothedInputSkip(neurons, bins, options.ReadoutSkipBins, options.ReadoutSkipRank, options.Causal) : null;
}
