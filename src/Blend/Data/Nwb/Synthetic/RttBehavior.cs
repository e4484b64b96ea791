using Blend.Data.Synthetic;

namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// MC_RTT behaviour on the full 1 kHz grid from time 0, NaN outside the recording chunks: a target jumps to a
/// random cell of an 8 × 8 grid (15 mm apart) and the finger follows with a minimum-jerk reach after a reaction
/// time, lands within a few mm, holds, and the next target appears. finger_pos is x, y, z (z drifts slowly around
/// 20 mm), finger_vel the gradient of x and y within each chunk, target_pos the current target.
/// </summary>
internal sealed class RttBehavior
{
    private const double GridSpacingMm = 15;

    private RttBehavior(int samples)
    {
        FingerPos = new double[3 * samples];
        FingerVel = new double[2 * samples];
        TargetPos = new double[2 * samples];
        Array.Fill(FingerPos, double.NaN);
        Array.Fill(FingerVel, double.NaN);
        Array.Fill(TargetPos, double.NaN);
    }

    public double[] FingerPos { get; }
    public double[] FingerVel { get; }
    public double[] TargetPos { get; }

    public int Samples => TargetPos.Length / 2;

    public static RttBehavior Draw(IReadOnlyList<RttChunk> chunks, int seed)
    {
        var behavior = new RttBehavior((int)chunks[^1].StopMs);
        for (int c = 0; c < chunks.Count; c++)
            behavior.DrawChunk(chunks[c], SeededRandom.For(seed, $"mc_rtt/behavior/{c}"));
        return behavior;
    }

    private void DrawChunk(RttChunk chunk, SeededRandom random)
    {
        int start = (int)chunk.StartMs, stop = (int)chunk.StopMs;
        var (targetX, targetY) = GridTarget(random);
        double x = targetX + random.Normal(0, 2), y = targetY + random.Normal(0, 2);
        double driftPhase = random.Uniform(0, 2 * Math.PI), tremorHz = random.Uniform(4, 9);
        for (int appear = start; appear < stop;)
        {
            var (nextX, nextY) = GridTarget(random);
            while (nextX == targetX && nextY == targetY) (nextX, nextY) = GridTarget(random);
            (targetX, targetY) = (nextX, nextY);
            double goalX = targetX + random.Normal(0, 2), goalY = targetY + random.Normal(0, 2);
            double distance = Math.Sqrt((goalX - x) * (goalX - x) + (goalY - y) * (goalY - y));
            int reaction = 150 + random.Integer(201);
            int duration = (int)Math.Clamp(250 + 3.5 * distance + random.Uniform(-50, 50), 300, 800);
            int next = appear + reaction + duration + 100 + random.Integer(301);
            for (int ms = appear; ms < Math.Min(next, stop); ms++)
            {
                double s = MinimumJerk.Fraction((ms - appear - reaction) / (double)duration);
                double t = ms / 1000.0;
                FingerPos[3 * ms] = x + s * (goalX - x) + 0.05 * Math.Sin(2 * Math.PI * tremorHz * t);
                FingerPos[3 * ms + 1] = y + s * (goalY - y) + 0.05 * Math.Cos(2 * Math.PI * tremorHz * t);
                FingerPos[3 * ms + 2] = 20 + Math.Sin(2 * Math.PI * 0.1 * t + driftPhase);
                TargetPos[2 * ms] = targetX;
                TargetPos[2 * ms + 1] = targetY;
            }
            (x, y, appear) = (goalX, goalY, next);
        }
        SegmentGradient.Fill(FingerPos, 3, FingerVel, 2, channels: 2, start, stop - start, samplesPerSecond: 1000);
    }

    private static (double X, double Y) GridTarget(SeededRandom random) =>
        ((random.Integer(8) - 3.5) * GridSpacingMm, (random.Integer(8) - 3.5) * GridSpacingMm);
}
