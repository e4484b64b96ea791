using Blend.Data.Synthetic;

namespace Blend.Data.Identity.Synthetic;

/// <summary>
/// One session's behaviour: running bouts and speed, arousal and pupil, synchrony and the 0/1/2 states, on
/// the frame clock (what drives the neurons) and, for speed and pupil, as written on their own clocks.
/// </summary>
public sealed class SessionBehavior
{
    /// <summary>State code 0: running.</summary>
    public const int RunningState = 0;
    /// <summary>State code 1: stationary and desynchronised (S ≤ 0.5).</summary>
    public const int DesynchronizedState = 1;
    /// <summary>State code 2: stationary and synchronised (S &gt; 0.5).</summary>
    public const int SynchronizedState = 2;

    /// <summary>Pupil size is written as baseline + scale·p (a plausible positive size; the loader z-scores it).</summary>
    public const double PupilBaseline = 40;
    /// <summary>Pupil size units per unit of p (see <see cref="PupilBaseline"/>).</summary>
    public const double PupilScale = 10;
    /// <summary>Blinks (NaN pupil) arrive every 30 s on average and last 0.2–0.4 s: ≈ 1% of the samples.</summary>
    public const double MeanSecondsBetweenBlinks = 30;

    /// <summary>Frame times, seconds (the first frame is 10–30 s into the clock).</summary>
    public required double[] FrameTimes { get; init; }
    /// <summary>R(t): running at the frame.</summary>
    public required bool[] Running { get; init; }
    /// <summary>Running speed at the frames (cm/s), interpolated from the running clock.</summary>
    public required double[] Speed { get; init; }
    /// <summary>a(t) = 0.7·smooth(R, 4 s) + 0.5·OU(25 s).</summary>
    public required double[] Arousal { get; init; }
    /// <summary>p(t) = smooth(a, 1.5 s), without the camera's noise (what neurons respond to).</summary>
    public required double[] Pupil { get; init; }
    /// <summary>S(t) = (1 − R)·σ((θ − a)/0.15).</summary>
    public required double[] Synchrony { get; init; }
    /// <summary>0 running, 1 stationary desynchronised, 2 stationary synchronised (S &gt; 0.5).</summary>
    public required int[] States { get; init; }
    /// <summary>θ: the 40th percentile of arousal over stationary frames.</summary>
    public required double SyncThreshold { get; init; }
    /// <summary>The running clock (10–20 Hz) and the speed written on it.</summary>
    public required double[] RunningTimes { get; init; }
    /// <summary>Running speed (cm/s) at <see cref="RunningTimes"/>, as written to <c>running.speed.npy</c>.</summary>
    public required double[] RunningSpeed { get; init; }
    /// <summary>The eye camera's clock (10–20 Hz) and the pupil size written on it, NaN during blinks.</summary>
    public required double[] EyeTimes { get; init; }
    /// <summary>Pupil size at <see cref="EyeTimes"/>, NaN during blinks, as written to <c>eye.size.npy</c>.</summary>
    public required double[] EyeSize { get; init; }

    /// <summary>Number of imaging frames (the length of <see cref="FrameTimes"/>).</summary>
    public int Frames => FrameTimes.Length;

    /// <summary>
    /// Generates one session's behaviour: frame, running and eye clocks, running bouts and speed, arousal, pupil,
    /// synchrony and the 0/1/2 states, each part from its own seeded stream.
    /// </summary>
    /// <param name="options">Frame count and frame period (s) of the session.</param>
    /// <param name="runningFactor">The mouse's running factor m: stationary periods average 45 s·m, running bouts 15 s/m.</param>
    /// <param name="seed">The dataset seed; each stream is seeded from it and its name.</param>
    /// <param name="streams">The session's stream prefix, e.g. <c>SX01/2026-01-05/</c>.</param>
    public static SessionBehavior Generate(SynthBugeonOptions options, double runningFactor, int seed, string streams)
    {
        int frames = options.Frames;
        double step = options.FramePeriodSeconds;

        // Clocks: each stream starts a little before or after the first frame and ends a little after the last.
        var clocks = SeededRandom.For(seed, streams + "clocks");
        double firstFrame = clocks.Uniform(10, 30);
        var frameTimes = new double[frames];
        for (int t = 0; t < frames; t++) frameTimes[t] = firstFrame + t * step;
        double lastFrame = frameTimes[^1];
        var runningTimes = TimeSeries.Clock(firstFrame + clocks.Uniform(-0.5, 0.3), lastFrame + clocks.Uniform(0.2, 1.0), clocks.Uniform(10, 20));
        var eyeTimes = TimeSeries.Clock(firstFrame + clocks.Uniform(-0.5, 0.3), lastFrame + clocks.Uniform(0.2, 1.0), clocks.Uniform(10, 20));

        var bouts = RunningBouts.Draw(firstFrame - 300, lastFrame + 5, runningFactor, SeededRandom.For(seed, streams + "bouts"));
        var runningSpeed = SpeedOnClock(bouts, runningTimes, SeededRandom.For(seed, streams + "speed"));

        // Arousal and pupil on the frame clock, extended by a minute before (so the smoothers have settled) and a
        // couple of seconds after (so the eye clock's last samples have something to interpolate).
        int before = (int)Math.Ceiling(60 / step), after = (int)Math.Ceiling(2 / step), grid = before + frames + after;
        var gridTimes = new double[grid];
        var gridRunning = new double[grid];
        for (int i = 0; i < grid; i++)
        {
            gridTimes[i] = firstFrame + (i - before) * step;
            gridRunning[i] = bouts.BoutAt(gridTimes[i]) >= 0 ? 1 : 0;
        }
        var slowArousal = TimeSeries.OrnsteinUhlenbeck(grid, step, 25, SeededRandom.For(seed, streams + "arousal"));
        var runningArousal = TimeSeries.Smooth(gridRunning, step, 4);
        var gridArousal = new double[grid];
        for (int i = 0; i < grid; i++) gridArousal[i] = 0.7 * runningArousal[i] + 0.5 * slowArousal[i];
        var gridPupil = TimeSeries.Smooth(gridArousal, step, 1.5);
        var eyeSize = EyeOnClock(gridTimes, gridPupil, eyeTimes, SeededRandom.For(seed, streams + "eye"));

        var running = new bool[frames];
        var arousal = new double[frames];
        var pupil = new double[frames];
        for (int t = 0; t < frames; t++)
        {
            running[t] = gridRunning[before + t] > 0;
            arousal[t] = gridArousal[before + t];
            pupil[t] = gridPupil[before + t];
        }

        // Synchrony: stationary frames with low arousal; θ splits the stationary frames 40 / 60.
        var stationaryArousal = Enumerable.Range(0, frames).Where(t => !running[t]).Select(t => arousal[t]);
        double threshold = TimeSeries.Quantile(stationaryArousal.Any() ? stationaryArousal : arousal, 0.4);
        var synchrony = new double[frames];
        var states = new int[frames];
        for (int t = 0; t < frames; t++)
        {
            synchrony[t] = running[t] ? 0 : 1 / (1 + Math.Exp(-(threshold - arousal[t]) / 0.15));
            states[t] = running[t] ? RunningState : synchrony[t] > 0.5 ? SynchronizedState : DesynchronizedState;
        }

        return new SessionBehavior
        {
            FrameTimes = frameTimes,
            Running = running,
            Speed = TimeSeries.Interpolate(runningTimes, runningSpeed, frameTimes),
            Arousal = arousal,
            Pupil = pupil,
            Synchrony = synchrony,
            States = states,
            SyncThreshold = threshold,
            RunningTimes = runningTimes,
            RunningSpeed = runningSpeed,
            EyeTimes = eyeTimes,
            EyeSize = eyeSize,
        };
    }

    /// <summary>
    /// Speed on the running clock: in a bout, the bout speed × (1 + 0.25·OU(2 s)); stationary, |N(0, 0.3)|; then
    /// smoothed with τ 0.5 s and clipped at 0.
    /// </summary>
    private static double[] SpeedOnClock(RunningBouts bouts, double[] times, SeededRandom random)
    {
        double step = times.Length > 1 ? times[1] - times[0] : 0.1;
        var fluctuation = TimeSeries.OrnsteinUhlenbeck(times.Length, step, 2, random);
        var raw = new double[times.Length];
        for (int j = 0; j < times.Length; j++)
        {
            int bout = bouts.BoutAt(times[j]);
            raw[j] = bout >= 0 ? bouts.Speeds[bout] * (1 + 0.25 * fluctuation[j]) : Math.Abs(random.Normal(0, 0.3));
        }
        var speed = TimeSeries.Smooth(raw, step, 0.5);
        for (int j = 0; j < speed.Length; j++) speed[j] = Math.Max(0, speed[j]);
        return speed;
    }

    /// <summary>Pupil on the eye clock: p plus camera noise N(0, 0.05), scaled to a size, with NaN blinks (never
    /// the first or last sample, so the series has defined ends).</summary>
    private static double[] EyeOnClock(double[] gridTimes, double[] gridPupil, double[] eyeTimes, SeededRandom random)
    {
        var pupil = TimeSeries.Interpolate(gridTimes, gridPupil, eyeTimes);
        var size = new double[eyeTimes.Length];
        for (int j = 0; j < size.Length; j++) size[j] = PupilBaseline + PupilScale * (pupil[j] + random.Normal(0, 0.05));
        double blink = eyeTimes[0] - MeanSecondsBetweenBlinks * Math.Log(1 - random.Uniform());
        int sample = 0;
        while (blink < eyeTimes[^1])
        {
            double end = blink + random.Uniform(0.2, 0.4);
            while (sample < size.Length && eyeTimes[sample] < blink) sample++;
            for (; sample < size.Length - 1 && eyeTimes[sample] < end; sample++)
                if (sample > 0) size[sample] = double.NaN;
            blink = end - MeanSecondsBetweenBlinks * Math.Log(1 - random.Uniform());
        }
        return size;
    }
}
