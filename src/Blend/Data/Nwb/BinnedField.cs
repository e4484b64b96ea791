namespace Blend.Data.Nwb;

/// <summary>A column group of the binned recording (a spike group or a continuous signal), read window by window.</summary>
public abstract class BinnedField
{
    /// <summary>The field's name: the spike group (e.g. <c>spikes</c>, <c>heldout_spikes</c>) or the continuous signal (e.g. <c>hand_vel</c>).</summary>
    public abstract string Name { get; }
    /// <summary>Columns per row: the number of units for a spike field, the number of channels for a signal.</summary>
    public abstract int Channels { get; }

    /// <summary>The window's rows × channels values, in C order.</summary>
    public abstract void Fill(TrialWindow window, Span<double> destination);

    /// <summary>
    /// The window's values as a new array of <c>window.Length</c> rows × <see cref="Channels"/> (C order): spike counts
    /// per bin (NaN where unobserved) or the resampled signal.
    /// </summary>
    public double[] Rows(TrialWindow window)
    {
        var values = new double[window.Length * Channels];
        Fill(window, values);
        return values;
    }

    /// <summary>A field of binned spike counts (spikes per bin), one column per unit of <paramref name="units"/> in the given order.</summary>
    public static BinnedField Spikes(BinnedRecording recording, string name, SpikeTrain[] units) => new SpikeField(recording, name, units);

    /// <summary>A field of the continuous signal <paramref name="name"/> resampled to the recording's bins, one column per channel.</summary>
    public static BinnedField Signal(BinnedRecording recording, string name) => new SignalField(name, recording.Signal(name));

    private sealed class SpikeField(BinnedRecording recording, string name, SpikeTrain[] units) : BinnedField
    {
        public override string Name => name;
        public override int Channels => units.Length;

        public override void Fill(TrialWindow window, Span<double> destination)
        {
            if (window.Length == 0) return;
            int first = window.Bins[0], span = window.Bins[^1] - first + 1;
            var counts = new double[span];
            for (int u = 0; u < units.Length; u++)
            {
                recording.Counts(units[u], first, span, counts);
                for (int r = 0; r < window.Length; r++) destination[r * units.Length + u] = counts[window.Bins[r] - first];
            }
        }
    }

    private sealed class SignalField(string name, double[][] channels) : BinnedField
    {
        public override string Name => name;
        public override int Channels => channels.Length;

        public override void Fill(TrialWindow window, Span<double> destination)
        {
            for (int r = 0; r < window.Length; r++)
                for (int c = 0; c < channels.Length; c++)
                    destination[r * channels.Length + c] = channels[c][window.Bins[r]];
        }
    }
}
