namespace Blend;

/// <summary>
/// Bad user input: a missing or malformed file, key, shape or value. The message is one line that names what was
/// wrong and where (file, key, shapes); the command line prints it and exits with code 2.
/// </summary>
public class BlendInputException : Exception
{
    /// <summary>Creates the exception with a one-line <paramref name="message"/> naming what was wrong and where.</summary>
    public BlendInputException(string message) : base(message) { }

    /// <summary>Creates the exception with a one-line <paramref name="message"/> and the <paramref name="inner"/> exception (e.g. the I/O or parse error) that caused it.</summary>
    public BlendInputException(string message, Exception? inner) : base(message, inner) { }
}
