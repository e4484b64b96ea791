namespace Blend.Data.Identity;

/// <summary>
/// A behaviour signal on its own clock (running speed, pupil size): sample times in seconds and values, with the
/// files they came from. Values may be NaN (e.g. blinks); they are interpolated before resampling.
/// </summary>
public sealed record BehaviorSignal(double[] Times, double[] Values, string TimesFile, string ValuesFile)
{
    /// <summary>Reads and checks a (values, times) pair of files.</summary>
    public static BehaviorSignal Read(string valuesFile, string timesFile)
    {
        var (values, valuesShape) = NpyColumn.Read(valuesFile, "behaviour values");
        var (times, timesShape) = NpyColumn.Read(timesFile, "behaviour times");
        if (times.Length != values.Length)
            throw new BlendInputException(
                $"{timesFile}: {times.Length} times {timesShape} but {valuesFile} has {values.Length} values {valuesShape}; need one time per sample");
        var signal = new BehaviorSignal(times, values, timesFile, valuesFile);
        signal.Check(valuesShape);
        return signal;
    }

    private void Check(string shape)
    {
        if (Values.Length < 2)
            throw new BlendInputException(
                $"{ValuesFile}: {Values.Length} sample{(Values.Length == 1 ? "" : "s")} {shape}; need at least 2 to average the samples around each frame");
        for (int i = 0; i < Times.Length; i++)
        {
            if (!double.IsFinite(Times[i]))
                throw new BlendInputException($"{TimesFile}: time of sample {i} is {Times[i]}; times must be finite (shape {shape})");
            if (i > 0 && Times[i] < Times[i - 1])
                throw new BlendInputException(
                    $"{TimesFile}: times decrease at sample {i} ({Times[i]} after {Times[i - 1]}); behaviour times must be non-decreasing (shape {shape})");
        }
        int known = 0;
        for (int i = 0; i < Values.Length; i++)
        {
            if (double.IsInfinity(Values[i]))
                throw new BlendInputException($"{ValuesFile}: value of sample {i} is {Values[i]}; use NaN for missing samples (shape {shape})");
            if (!double.IsNaN(Values[i])) known++;
        }
        if (known == 0)
            throw new BlendInputException($"{ValuesFile}: every value is NaN (shape {shape}); nothing to interpolate from");
    }
}
