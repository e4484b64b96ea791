using Blend.Data.Synthetic;

namespace Blend.Data.Identity.Synthetic;

/// <summary>
/// Everything a session's neurons read at each frame: the shared latents — global z_g (OU 8 s, mixed with
/// the pupil by ρ), two assemblies z₁, z₂ (OU 1.5 s) and the synchronised-state rhythm z_osc = S·o — and the
/// behaviour regressors v̂, p̂ (z-scored within the session) and S.
/// </summary>
public sealed class SessionDrive
{
    /// <summary>The sync rhythm o(t): AR(2) with this period and pole radius, normalised to unit SD.</summary>
    public const double RhythmPeriodSeconds = 1.5;
    public const double RhythmPoleRadius = 0.9;

    public required double[] Global { get; init; }
    public required double[] Assembly1 { get; init; }
    public required double[] Assembly2 { get; init; }
    public required double[] SyncRhythm { get; init; }
    public required double[] SpeedZ { get; init; }
    public required double[] PupilZ { get; init; }
    public required double[] Synchrony { get; init; }

    public static SessionDrive Generate(SessionBehavior behavior, SynthBugeonOptions options, SeededRandom random)
    {
        int frames = behavior.Frames;
        double step = options.FramePeriodSeconds;
        var speedZ = TimeSeries.ZScore(behavior.Speed);
        var pupilZ = TimeSeries.ZScore(behavior.Pupil);
        var globalNoise = TimeSeries.OrnsteinUhlenbeck(frames, step, 8, random);
        var assembly1 = TimeSeries.OrnsteinUhlenbeck(frames, step, 1.5, random);
        var assembly2 = TimeSeries.OrnsteinUhlenbeck(frames, step, 1.5, random);
        var rhythm = Rhythm(frames, step, random);

        var global = new double[frames];
        var syncRhythm = new double[frames];
        double ownShare = Math.Sqrt(1 - options.Rho * options.Rho);
        for (int t = 0; t < frames; t++)
        {
            global[t] = ownShare * globalNoise[t] + options.Rho * pupilZ[t];
            syncRhythm[t] = behavior.Synchrony[t] * rhythm[t];
        }
        return new SessionDrive
        {
            Global = global,
            Assembly1 = assembly1,
            Assembly2 = assembly2,
            SyncRhythm = syncRhythm,
            SpeedZ = speedZ,
            PupilZ = pupilZ,
            Synchrony = behavior.Synchrony,
        };
    }

    /// <summary>A noisy oscillation: AR(2) with complex poles r·e^{±iω}, ω = 2π·step/period, after a burn-in.</summary>
    private static double[] Rhythm(int frames, double step, SeededRandom random)
    {
        const int BurnIn = 200;
        double omega = 2 * Math.PI * step / RhythmPeriodSeconds;
        double a1 = 2 * RhythmPoleRadius * Math.Cos(omega), a2 = -RhythmPoleRadius * RhythmPoleRadius;
        var values = new double[frames];
        double previous = 0, beforePrevious = 0;
        for (int i = 0; i < BurnIn + frames; i++)
        {
            double x = a1 * previous + a2 * beforePrevious + random.Normal();
            beforePrevious = previous;
            previous = x;
            if (i >= BurnIn) values[i - BurnIn] = x;
        }
        double sumSquares = 0, mean = values.Average();
        foreach (double v in values) sumSquares += (v - mean) * (v - mean);
        double sd = Math.Sqrt(sumSquares / frames);
        for (int t = 0; t < frames; t++) values[t] = (values[t] - mean) / sd;
        return values;
    }
}
