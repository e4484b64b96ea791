using Blend.Data.Synthetic;

namespace Blend.Data.Identity.Synthetic;

/// <summary>
/// A neuron as it appears in a session. A labelled cell (non-null <see cref="UniqueId"/>) comes from its mouse's
/// pool and is the same object, with the same parameters and position, in every session that draws it; EC and
/// unlabelled IN are fresh in each session.
/// </summary>
/// <param name="Type">The cell type whose means the parameters were drawn around (an unlabelled IN's is a random subclass).</param>
/// <param name="UniqueId">Transcriptomic match ID, null for EC and unlabelled IN (NaN in <c>neuron.UniqueID</c>).</param>
/// <param name="TType">The line of <c>neuron.ttype.txt</c>: <c>EC</c>, <c>IN</c> or e.g. <c>Vip-synth2</c>.</param>
/// <param name="Parameters">The identity parameters (rate, latent and behaviour couplings, calcium kinetics) its activity is simulated from.</param>
/// <param name="X">Position in µm (x, y over the field of view, z the imaging plane's depth).</param>
/// <param name="Y">y position in µm, over the field of view.</param>
/// <param name="Z">Depth in µm: the depth of the imaging plane the cell is in (one of <see cref="PlaneDepths"/>).</param>
public sealed record SynthNeuron(SynthCellType Type, int? UniqueId, string TType, NeuronParameters Parameters, double X, double Y, double Z)
{
    /// <summary>The t-type line of every excitatory cell.</summary>
    public const string ExcitatoryTType = "EC";
    /// <summary>The t-type line of an unlabelled interneuron.</summary>
    public const string UnlabelledTType = "IN";

    /// <summary>The imaging planes' depths (µm): 4 planes over 100–310 µm.</summary>
    public static readonly IReadOnlyList<double> PlaneDepths = [100, 170, 240, 310];
    /// <summary>Side of the square field of view in µm; x and y are uniform over it.</summary>
    public const double FieldOfViewMicrons = 500;

    /// <summary>Whether the cell is a labelled pool cell (has a <see cref="UniqueId"/>).</summary>
    public bool IsLabelled => UniqueId is not null;

    /// <summary>EI class: inhibitory for every interneuron type (Serpinf1 included), excitatory otherwise.</summary>
    public CellClass Class => Type.IsInterneuron() ? CellClass.Inhibitory : CellClass.Excitatory;

    /// <summary>An EC (<paramref name="type"/> Excitatory) or unlabelled IN, new to this session.</summary>
    public static SynthNeuron Fresh(SynthCellType type, SynthBugeonOptions options, MouseBetaOffsets offsets, SeededRandom random)
    {
        var parameters = NeuronParameters.Draw(type, options, offsets, random);
        var (x, y, z) = DrawPosition(random);
        return new SynthNeuron(type, null, type.IsInterneuron() ? UnlabelledTType : ExcitatoryTType, parameters, x, y, z);
    }

    /// <summary>x, y ~ U(0, 500) µm; z one of the planes.</summary>
    public static (double X, double Y, double Z) DrawPosition(SeededRandom random) =>
        (random.Uniform(0, FieldOfViewMicrons), random.Uniform(0, FieldOfViewMicrons), PlaneDepths[random.Integer(PlaneDepths.Count)]);
}
