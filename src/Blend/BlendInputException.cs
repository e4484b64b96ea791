namespace Blend;

/// <summary>
/// Bad user input: a missing or malformed file, key, shape or value. The message is one line that names what was
/// wrong and where (file, key, shapes); the command line prints it and exits with code 2.
/// </summary>
public class BlendInputException : Exception
{
    public BlendInputException(string message) : base(message) { }

    public BlendInputException(string message, Exception? inner) : base(message, inner) { }
}
