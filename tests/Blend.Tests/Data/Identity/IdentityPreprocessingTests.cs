using Blend.Data.Identity;

namespace Blend.Tests.Data.Identity;

/// <summary>
/// Activity z-scoring, population and neighbour channels on a 4-frame, 4-neuron session whose expected values come
/// from numpy (<c>(A - A.mean(0)) / A.std(0)</c>, NaN → 0; <c>z.mean(1)</c>, <c>z.std(1)</c>).
/// </summary>
public class IdentityPreprocessingTests
{
    private const double Tolerance = 1e-6; // float32 storage

    // Columns: a ramp, a constant (zero variance), a step, and a trace with a NaN.
    private static readonly double[,] Activity =
    {
        { 1, 5, 0, 1 },
        { 2, 5, 0, double.NaN },
        { 3, 5, 0, 2 },
        { 4, 5, 8, 3 },
    };

    private static readonly double[][] Z =
    [
        [-1.3416407864998738, -0.4472135954999579, 0.4472135954999579, 1.3416407864998738],
        [0, 0, 0, 0],
        [-0.5773502691896258, -0.5773502691896258, -0.5773502691896258, 1.7320508075688774],
        [0, 0, 0, 0],
    ];

    // n0 at the origin; n1 50 µm away; n2 exactly 65 µm away (the radius is inclusive) but 82 µm from n1; n3 alone.
    private static readonly double[,] Positions = { { 0, 0, 0 }, { 30, 40, 0 }, { 0, 0, 65 }, { 500, 500, 500 } };

    private static IdentitySession Load(IdentityLoadOptions? options = null)
    {
        var session = BugeonTestSession.Simple(frames: 4, neurons: 4) with { Activity = Activity, Positions = Positions };
        return BugeonTestFolder.LoadOne(session, options);
    }

    [Fact]
    public void ActivityIsZScoredPerNeuronWithZeroForConstantOrNaNTraces()
    {
        var session = Load();
        Assert.Equal((4, 4), (session.Frames, session.NeuronCount));
        Assert.Equal(16, session.Activity.Length);
        for (int n = 0; n < 4; n++) AssertClose(Z[n], session.Trace(n));
        // Both zeroed traces are said, each with its reason and column.
        Assert.Equal(2, session.Warnings.Count);
        Assert.Contains(session.Warnings, w => w.EndsWith("1 of 4 neurons are constant over all frames (columns 1): their traces are 0 after z-scoring", StringComparison.Ordinal));
        Assert.Contains(session.Warnings, w => w.Contains("frame.neuralActivity.npy: 1 of 4 neurons have NaN or infinite values (columns 3)", StringComparison.Ordinal));
    }

    [Fact]
    public void AnAllZeroRecordingIsSaidOnceAndACleanOneSaysNothing()
    {
        var silent = BugeonTestFolder.LoadOne(BugeonTestSession.Simple(frames: 4, neurons: 4) with { Activity = new double[4, 4], Positions = Positions });
        Assert.Contains("every one of the 4 neurons is constant over all 4 frames", Assert.Single(silent.Warnings));
        var ramp = new double[4, 4];
        for (int t = 0; t < 4; t++) for (int n = 0; n < 4; n++) ramp[t, n] = t * (n + 1) + (n == 2 && t == 0 ? double.PositiveInfinity : 0);
        var infinite = BugeonTestFolder.LoadOne(BugeonTestSession.Simple(frames: 4, neurons: 4) with { Activity = ramp, Positions = Positions });
        Assert.Contains("(columns 2)", Assert.Single(infinite.Warnings));
        ramp[0, 2] = 0;
        Assert.Empty(BugeonTestFolder.LoadOne(BugeonTestSession.Simple(frames: 4, neurons: 4) with { Activity = ramp, Positions = Positions }).Warnings);
    }

    [Fact]
    public void PopulationMeanAndStdAreOverAllNeuronsIncludingTheTarget()
    {
        var session = Load();
        Assert.Equal(PopulationChannel.Count * 4, session.Population.Length);
        AssertClose([-0.47974776392237495, -0.25614096617239596, -0.03253416842241698, 0.7684228985171878], session.Channel(PopulationChannel.Mean));
        AssertClose([0.5506136725007967, 0.2602405402346161, 0.36369611108505845, 0.7807216207038484], session.Channel(PopulationChannel.Std));
    }

    [Fact]
    public void StatesAreRawAndFrameTimesAreKept()
    {
        var session = Load();
        Assert.Equal([0f, 1f, 2f, 0f], session.Channel(PopulationChannel.State).ToArray());
        Assert.Equal([0, 0.25, 0.5, 0.75], session.FrameTimes);
    }

    [Fact]
    public void NeighboursAreTheOtherNeuronsWithinTheRadius()
    {
        var session = Load();
        Assert.Equal(4 * 2 * 4, session.Neighbours.Length);
        // n0: neurons 1 and 2 (z1 = 0, so the mean is z2 / 2 and the SD |z2| / 2).
        AssertClose([-0.2886751345948129, -0.2886751345948129, -0.2886751345948129, 0.8660254037844387], Neighbour(session, 0, 0));
        AssertClose([0.2886751345948129, 0.2886751345948129, 0.2886751345948129, 0.8660254037844387], Neighbour(session, 0, 1));
        // n1 and n2: only n0, so its trace and SD 0.
        foreach (int n in new[] { 1, 2 })
        {
            AssertClose(Z[0], Neighbour(session, n, 0));
            AssertClose([0, 0, 0, 0], Neighbour(session, n, 1));
        }
        // n3 has no neighbour: both channels 0.
        Assert.All(session.Neighbours.AsSpan(3 * 8, 8).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void TheNeighbourRadiusIsConfigurable()
    {
        var session = Load(new IdentityLoadOptions { NeighbourRadius = 64.9 });
        // n2 (65 µm away) drops out: n0's only neighbour is n1, whose trace is 0.
        Assert.All(session.Neighbours.AsSpan(0, 8).ToArray(), v => Assert.Equal(0f, v));
        AssertClose(Z[0], Neighbour(session, 1, 0));
        Assert.All(session.Neighbours.AsSpan(2 * 8, 8).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void VectorsAndColumnsLoadAlike()
    {
        var columns = BugeonTestSession.Simple();
        var vectors = columns with { AsColumns = false };
        var a = BugeonTestFolder.LoadOne(columns);
        var b = BugeonTestFolder.LoadOne(vectors);
        Assert.Equal(a.Activity, b.Activity);
        Assert.Equal(a.Population, b.Population);
        Assert.Equal(a.FrameTimes, b.FrameTimes);
    }

    private static ReadOnlySpan<float> Neighbour(IdentitySession session, int neuron, int channel) =>
        session.Neighbours.AsSpan((neuron * 2 + channel) * session.Frames, session.Frames);

    internal static void AssertClose(double[] expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"value {i}: {actual[i]} vs expected {expected[i]}");
    }
}
