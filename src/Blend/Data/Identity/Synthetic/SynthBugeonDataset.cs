using System.Globalization;
using Blend.Data.Synthetic;

namespace Blend.Data.Identity.Synthetic;

/// <summary>
/// The SynthBugeon dataset (README: blend identity): mice with labelled interneuron pools,
/// and per mouse a few spontaneous sessions of 76% EC and 24% IN, of which 75% are labelled cells drawn from the
/// pool. Identity is carried mostly by how a neuron couples to running, arousal and synchrony.
/// Every part draws from its own seeded stream, named after what it is for, so the same seed gives the same data
/// and changing, say, the frame count leaves the pools' cells as they were.
/// </summary>
public sealed class SynthBugeonDataset
{
    /// <summary>Date of the first session (2026-01-05); later sessions follow every other day (see <see cref="SessionDate"/>).</summary>
    public static readonly DateOnly FirstDate = new(2026, 1, 5);

    /// <summary>The options the dataset was generated from.</summary>
    public required SynthBugeonOptions Options { get; init; }
    /// <summary>The mice, by index (named <c>SX01</c>, <c>SX02</c>, …).</summary>
    public required IReadOnlyList<SynthMouse> Mice { get; init; }
    /// <summary>Sessions by mouse, then date.</summary>
    public required IReadOnlyList<SynthBugeonSession> Sessions { get; init; }

    /// <summary>The mouse marked as held out (<see cref="SynthBugeonOptions.TestMouse"/>); only recorded in the manifest, nothing is split.</summary>
    public SynthMouse TestMouse => Mice[Options.TestMouse];

    /// <summary>Every t-type a labelled cell can have, in subclass order (Lamp5, Vip, Pvalb, Sst, Sncg, then Serpinf1).</summary>
    public IReadOnlyList<string> TTypeNames =>
    [
        .. SynthCellTypes.SubclassProportions.Select(s => s.Type)
            .Concat(Options.Serpinf1Fraction > 0 ? [SynthCellType.Serpinf1] : [])
            .SelectMany(type => Enumerable.Range(0, SynthCellTypes.TTypeCount(type)).Select(k => SynthCellTypes.TTypeName(type, k))),
    ];

    /// <summary>
    /// Generates every mouse (running factor, β offsets, labelled pool) and its sessions after checking
    /// <paramref name="options"/>; the same options, seed included, give the same dataset.
    /// </summary>
    public static SynthBugeonDataset Generate(SynthBugeonOptions options)
    {
        options.Validate();
        int seed = options.Seed;
        var mice = new SynthMouse[options.Mice];
        var sessions = new List<SynthBugeonSession>();
        for (int m = 0; m < options.Mice; m++)
        {
            string name = SynthMouse.NameOf(m);
            double runningFactor = SeededRandom.For(seed, $"{name}/running-factor").Uniform(0.7, 1.3);
            var offsets = MouseBetaOffsets.Draw(options.MouseBetaSd, SeededRandom.For(seed, $"{name}/beta-offsets"));
            var pool = LabelledPool.Draw(m, options, offsets, SeededRandom.For(seed, $"{name}/pool"));
            mice[m] = new SynthMouse(m, name, runningFactor, offsets, pool);
            for (int s = 0; s < options.SessionsPerMouse; s++)
                sessions.Add(GenerateSession(mice[m], SessionDate(options, m, s), options));
        }
        return new SynthBugeonDataset { Options = options, Mice = mice, Sessions = sessions };
    }

    /// <summary>Every other day, mouse after mouse: distinct over the dataset, in session order.</summary>
    public static string SessionDate(SynthBugeonOptions options, int mouse, int session) =>
        FirstDate.AddDays(2 * (mouse * options.SessionsPerMouse + session)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static SynthBugeonSession GenerateSession(SynthMouse mouse, string date, SynthBugeonOptions options)
    {
        int seed = options.Seed;
        string streams = $"{mouse.Name}/{date}/";
        var neurons = Composition(mouse, options, SeededRandom.For(seed, streams + "composition"), SeededRandom.For(seed, streams + "fresh-neurons"));
        var behavior = SessionBehavior.Generate(options, mouse.RunningFactor, seed, streams);
        var drive = SessionDrive.Generate(behavior, options, SeededRandom.For(seed, streams + "latents"));

        int count = neurons.Length;
        var activity = new float[options.Frames * count];
        // One stream per neuron: the columns are independent, so they can be simulated in parallel, and the file is
        // the same whatever the scheduling.
        Parallel.For(0, count, column => CalciumNeuron.Simulate(neurons[column].Parameters, drive, options.Kappa,
            options.FramePeriodSeconds, SeededRandom.For(seed, $"{streams}neuron-{column}"), activity, column, count));
        return new SynthBugeonSession { Mouse = mouse, Date = date, Neurons = neurons, Behavior = behavior, Drive = drive, Activity = activity };
    }

    /// <summary>
    /// The session's neurons in a random column order: labelled cells drawn without replacement from the pool,
    /// fresh unlabelled IN (parameters of a random subclass) and fresh EC.
    /// </summary>
    private static SynthNeuron[] Composition(SynthMouse mouse, SynthBugeonOptions options, SeededRandom composition, SeededRandom fresh)
    {
        int interneurons = options.Interneurons, labelled = options.LabelledPerSession;
        var neurons = new List<SynthNeuron>(options.Neurons);
        var pool = mouse.Pool.Cells;
        int[] drawn = composition.Permutation(pool.Count);
        for (int i = 0; i < labelled; i++) neurons.Add(pool[drawn[i]]);
        for (int i = labelled; i < interneurons; i++)
            neurons.Add(SynthNeuron.Fresh(SynthCellTypes.DrawSubclass(fresh), options, mouse.BetaOffsets, fresh));
        for (int i = interneurons; i < options.Neurons; i++)
            neurons.Add(SynthNeuron.Fresh(SynthCellType.Excitatory, options, mouse.BetaOffsets, fresh));
        int[] columns = composition.Permutation(neurons.Count);
        return [.. columns.Select(i => neurons[i])];
    }
}
