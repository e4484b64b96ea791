namespace Blend.Evaluation;

/// <summary>
/// Inputs a metric cannot score (shape mismatch, NaN or negative rates, too few samples). Where nlb_tools would fail an
/// assert or sklearn would raise, we throw this with the shapes and the offending position in the message.
/// </summary>
public sealed class MetricInputException : BlendInputException
{
    /// <summary>An exception whose <paramref name="message"/> names the metric, the shapes and the offending position.</summary>
    public MetricInputException(string message) : base(message) { }

    /// <summary>An exception whose <paramref name="message"/> names the metric and the problem, caused by <paramref name="inner"/>.</summary>
    public MetricInputException(string message, Exception inner) : base(message, inner) { }
}
