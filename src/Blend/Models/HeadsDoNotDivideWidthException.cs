namespace Blend.Models;

/// <summary>
/// A transformer whose width (its neurons, plus a concat teacher's behavior channels) the attention heads do not divide:
/// a config error of its own type, so a caller can add what it knows (that the teacher is the wider model) without
/// reading the message.
/// </summary>
public sealed class HeadsDoNotDivideWidthException(string message) : BlendInputException(message);
