using Blend.Data.Synthetic;

namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// One maze (trial_type) in one variant (trial_version): the targets shown (int16 mm, n × 2), which one is reached,
/// the barriers (centre x, y, half width, half height; n × 4) and how far the reach bends around them.
/// </summary>
internal sealed record MazeCondition(int TrialType, int TrialVersion, short[] Targets, int ActiveTarget, long[] Barriers, double BendMm)
{
    /// <summary>DANDI's maze_id lumps the versions of a maze.</summary>
    public int MazeId => TrialType + 10;

    public int TargetCount => Targets.Length / 2;

    public int BarrierCount => Barriers.Length / 4;

    public double TargetX => Targets[2 * ActiveTarget];

    public double TargetY => Targets[2 * ActiveTarget + 1];

    public double Direction => Math.Atan2(TargetY, TargetX);

    /// <summary>Each maze reaches in its own direction (80–120 mm); version 1 bends one way, 2 the other.</summary>
    public static IReadOnlyList<MazeCondition> Draw(IReadOnlyList<(int Type, int Version)> pairs, SeededRandom random)
    {
        var mazes = new Dictionary<int, (double Direction, double Distance)>();
        foreach (int type in pairs.Select(p => p.Type).Distinct().Order())
            mazes[type] = (random.Uniform(0, 2 * Math.PI), random.Uniform(80, 120));
        return pairs.Select(p =>
        {
            var (direction, distance) = mazes[p.Type];
            var reached = Point(direction, distance);
            int targetCount = p.Version == 2 ? 3 : 1;
            int active = random.Integer(targetCount);
            var targets = new short[2 * targetCount];
            for (int t = 0; t < targetCount; t++)
            {
                var (x, y) = t == active ? reached : Point(direction + (t + 1) * 2 * Math.PI / (targetCount + 1), distance);
                targets[2 * t] = (short)Math.Round(x);
                targets[2 * t + 1] = (short)Math.Round(y);
            }
            double bend = p.Version switch { 1 => 22, 2 => -22, _ => 0 };
            var barriers = p.Version == 0 ? [] : DrawBarriers(direction, distance, bend, random);
            return new MazeCondition(p.Type, p.Version, targets, active, barriers, bend);
        }).ToList();
    }

    /// <summary>Two barriers on the straight path, on the side the reach bends away from.</summary>
    private static long[] DrawBarriers(double direction, double distance, double bend, SeededRandom random)
    {
        var result = new List<long>();
        foreach (double along in new[] { 0.4, 0.65 })
        {
            var (x, y) = Point(direction, along * distance);
            double side = -Math.Sign(bend) * 8;
            x += side * -Math.Sin(direction);
            y += side * Math.Cos(direction);
            result.AddRange([(long)Math.Round(x), (long)Math.Round(y), 2 + random.Integer(4), 10 + random.Integer(10)]);
        }
        return [.. result];
    }

    private static (double X, double Y) Point(double direction, double distance) => (distance * Math.Cos(direction), distance * Math.Sin(direction));
}
