namespace Blend.Evaluation;

/// <summary>
/// Inputs a metric cannot score (shape mismatch, NaN or negative rates, too few samples). Where nlb_tools would fail an
/// assert or sklearn would raise, we throw this with the shapes and the offending position in the message.
/// </summary>
public sealed class MetricInputException : BlendInputException
{
    public MetricInputException(string message) : base(message) { }

    public MetricInputException(string message, Exception inner) : base(message, inner) { }
}
