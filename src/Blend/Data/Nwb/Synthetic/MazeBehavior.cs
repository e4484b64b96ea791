using Blend.Data.Synthetic;

namespace Blend.Data.Nwb.Synthetic;

/// <summary>
/// MC_Maze behaviour, sampled at every whole millisecond inside the trials only ([start, stop), the gaps left out,
/// as in the DANDI file): hand position (a minimum-jerk reach from the centre to the maze's target, bent around the
/// barriers, plus a little tremor), hand velocity (its gradient within each trial), and optionally cursor position
/// (the hand 15 ms late, offset by a calibration error) and eye position (fixation, then a saccade to the target).
/// Arrays are samples × 2, row by row; all series share <see cref="Timestamps"/>.
/// </summary>
internal sealed class MazeBehavior
{
    private const int CursorLagMs = 15;

    private MazeBehavior(int samples, bool cursorAndEye)
    {
        Timestamps = new double[samples];
        HandPos = new double[2 * samples];
        HandVel = new double[2 * samples];
        CursorPos = cursorAndEye ? new double[2 * samples] : null;
        EyePos = cursorAndEye ? new double[2 * samples] : null;
        Ramp = new double[samples];
    }

    public double[] Timestamps { get; }
    public double[] HandPos { get; }
    public double[] HandVel { get; }
    public double[]? CursorPos { get; }
    public double[]? EyePos { get; }

    /// <summary>The preparatory drive (0 → 1 over 150 ms after target onset, decaying after movement onset).</summary>
    public double[] Ramp { get; }

    /// <summary>Where each trial's samples start in the arrays (in samples).</summary>
    public int[] Offsets { get; private init; } = [];

    public static MazeBehavior Draw(IReadOnlyList<MazeTrial> trials, bool cursorAndEye, int seed)
    {
        var offsets = new int[trials.Count];
        int total = 0;
        for (int k = 0; k < trials.Count; k++)
        {
            offsets[k] = total;
            total = checked(total + trials[k].Samples);
        }
        var behavior = new MazeBehavior(total, cursorAndEye) { Offsets = offsets };
        // One stream per trial: a trial's behaviour does not depend on how many trials came before.
        for (int k = 0; k < trials.Count; k++)
            behavior.DrawTrial(trials[k], offsets[k], SeededRandom.For(seed, $"mc_maze/behavior/{k}"));
        return behavior;
    }

    private void DrawTrial(MazeTrial trial, int offset, SeededRandom random)
    {
        int n = trial.Samples;
        var condition = trial.Condition;
        double x0 = random.Normal(0, 1), y0 = random.Normal(0, 1);
        double dx = condition.TargetX - x0, dy = condition.TargetY - y0, length = Math.Sqrt(dx * dx + dy * dy);
        double nx = -dy / length, ny = dx / length;
        double bend = condition.BendMm * random.Uniform(0.85, 1.15);
        double tremorHz = random.Uniform(4, 9), tremorMm = random.Uniform(0.03, 0.12);
        double phaseX = random.Uniform(0, 2 * Math.PI), phaseY = random.Uniform(0, 2 * Math.PI);
        int onset = (int)(trial.MoveOnsetMs - trial.StartMs), targetOn = (int)(trial.TargetOnMs - trial.StartMs);
        for (int i = 0; i < n; i++)
        {
            long ms = trial.StartMs + i;
            Timestamps[offset + i] = ms / 1000.0;
            double s = MinimumJerk.Fraction((i - onset) / (double)trial.ReachMs);
            double sway = bend * Math.Sin(Math.PI * s);
            double t = ms / 1000.0;
            HandPos[2 * (offset + i)] = x0 + s * dx + sway * nx + tremorMm * Math.Sin(2 * Math.PI * tremorHz * t + phaseX);
            HandPos[2 * (offset + i) + 1] = y0 + s * dy + sway * ny + tremorMm * Math.Sin(2 * Math.PI * tremorHz * t + phaseY);
            Ramp[offset + i] = i < targetOn ? 0 : i < onset ? Math.Min(1, (i - targetOn) / 150.0) : Math.Exp(-(i - onset) / 150.0);
        }
        SegmentGradient.Fill(HandPos, 2, HandVel, 2, channels: 2, offset, n, samplesPerSecond: 1000);
        if (CursorPos is not null) DrawCursor(offset, n, random);
        if (EyePos is not null) DrawEye(trial, offset, random);
    }

    private void DrawCursor(int offset, int n, SeededRandom random)
    {
        double biasX = random.Normal(1.5, 0.3), biasY = random.Normal(-1.0, 0.3);
        for (int i = 0; i < n; i++)
        {
            int source = offset + Math.Max(0, i - CursorLagMs);
            CursorPos![2 * (offset + i)] = HandPos[2 * source] + biasX;
            CursorPos[2 * (offset + i) + 1] = HandPos[2 * source + 1] + biasY;
        }
    }

    private void DrawEye(MazeTrial trial, int offset, SeededRandom random)
    {
        int n = trial.Samples;
        double fixX = random.Normal(0, 2), fixY = random.Normal(0, 2);
        double goalX = trial.Condition.TargetX + random.Normal(0, 3), goalY = trial.Condition.TargetY + random.Normal(0, 3);
        int saccade = (int)(trial.TargetOnMs - trial.StartMs) + 150 + random.Integer(101);
        const int SaccadeMs = 25;
        for (int i = 0; i < n; i++)
        {
            double s = MinimumJerk.Fraction((i - saccade) / (double)SaccadeMs);
            EyePos![2 * (offset + i)] = fixX + s * (goalX - fixX) + random.Normal(0, 0.15);
            EyePos[2 * (offset + i) + 1] = fixY + s * (goalY - fixY) + random.Normal(0, 0.15);
        }
    }
}
