using Blend.Data.Synthetic;

namespace Blend.Data.Identity.Synthetic;

/// <summary>
/// A session's running bouts in continuous time (seconds on the frame clock): stationary and running periods
/// alternate, with Gamma(shape 2) durations of mean 45 s·m and 15 s/m, where m is the mouse's running factor
/// Every clock (frames, running, eye) reads the same bouts.
/// </summary>
public sealed class RunningBouts
{
    /// <summary>Mean stationary period (s) for running factor m = 1; multiplied by m.</summary>
    public const double StationaryMeanSeconds = 45;
    /// <summary>Mean running bout (s) for running factor m = 1; divided by m.</summary>
    public const double RunningMeanSeconds = 15;
    /// <summary>Bout speeds are LogNormal with this median (cm/s) and log-SD.</summary>
    public const double MedianSpeed = 12;
    /// <summary>Log-SD of the LogNormal bout speeds (see <see cref="MedianSpeed"/>).</summary>
    public const double SpeedLogSd = 0.4;

    private readonly double[] _starts;
    private readonly double[] _ends;

    /// <summary>Each bout's speed (cm/s) before the within-bout fluctuation.</summary>
    public double[] Speeds { get; }

    private RunningBouts(double[] starts, double[] ends, double[] speeds)
    {
        _starts = starts;
        _ends = ends;
        Speeds = speeds;
    }

    /// <summary>Bouts covering [<paramref name="from"/>, <paramref name="to"/>]; start well before the recording so
    /// that its first frame is not a bout boundary.</summary>
    public static RunningBouts Draw(double from, double to, double runningFactor, SeededRandom random)
    {
        double stationaryMean = StationaryMeanSeconds * runningFactor, runningMean = RunningMeanSeconds / runningFactor;
        var starts = new List<double>();
        var ends = new List<double>();
        var speeds = new List<double>();
        bool running = random.Uniform() < runningMean / (runningMean + stationaryMean);
        for (double t = from; t < to; running = !running)
        {
            double duration = GammaShape2(running ? runningMean : stationaryMean, random);
            if (running)
            {
                starts.Add(t);
                ends.Add(t + duration);
                speeds.Add(MedianSpeed * Math.Exp(random.Normal(0, SpeedLogSd)));
            }
            t += duration;
        }
        return new RunningBouts([.. starts], [.. ends], [.. speeds]);
    }

    /// <summary>The index of the bout running at time <paramref name="t"/>, or −1 when stationary.</summary>
    public int BoutAt(double t)
    {
        int index = Array.BinarySearch(_starts, t);
        if (index < 0) index = ~index - 1; // the last bout starting before t
        return index >= 0 && t < _ends[index] ? index : -1;
    }

    /// <summary>Gamma(shape 2) with the given mean: the sum of two exponentials of half that mean.</summary>
    private static double GammaShape2(double mean, SeededRandom random) =>
        -0.5 * mean * (Math.Log(1 - random.Uniform()) + Math.Log(1 - random.Uniform()));
}
