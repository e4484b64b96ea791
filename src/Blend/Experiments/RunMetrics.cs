namespace Blend.Experiments;

/// <summary>
/// The per-model metrics every population-dynamics experiment computes beside NLB's scorer: the built-ins (latent R²)
/// and any registered by code that embeds Blend, in registration order.
/// </summary>
public static class RunMetrics
{
    private static readonly object Gate = new();
    private static readonly List<IRunMetric> Registered = [new LatentR2Metric()];

    /// <summary>Every registered metric, built-ins first.</summary>
    public static IReadOnlyList<IRunMetric> All
    {
        get
        {
            lock (Gate) return [.. Registered];
        }
    }

    /// <summary>Adds <paramref name="metric"/> until the returned handle is disposed.</summary>
    public static IDisposable Register(IRunMetric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        lock (Gate)
        {
            if (Registered.Any(m => m.Name == metric.Name)) throw new ArgumentException($"run metric '{metric.Name}' is registered already", nameof(metric));
            Registered.Add(metric);
        }
        return new RegistrationHandle(() =>
        {
            lock (Gate) Registered.Remove(metric);
        });
    }
}
