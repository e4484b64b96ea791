namespace Blend.Cli;

public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>An unexpected internal failure (a bug): the message and stack trace are printed.</summary>
    public const int InternalError = 1;
    /// <summary>Bad input or usage: one line says what and where; nothing was written.</summary>
    public const int BadInput = 2;
    /// <summary>Stopped by Ctrl-C (128 + SIGINT); a training run can be continued with <c>--resume</c>.</summary>
    public const int Interrupted = 130;
}
