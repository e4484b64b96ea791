using System.Runtime.InteropServices;

namespace Blend.Cli;

public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>An unexpected internal failure (a bug): the message and stack trace are printed.</summary>
    public const int InternalError = 1;
    /// <summary>Bad input or usage: one line says what and where; nothing was written.</summary>
    public const int BadInput = 2;
    /// <summary>Done and written, but some metric is not a number (NaN or infinite: null in the JSON, with a warning saying why).</summary>
    public const int IncompleteScores = 3;
    /// <summary>Stopped by Ctrl-C (128 + SIGINT); a training run can be continued with <c>--resume</c>.</summary>
    public const int Interrupted = 130;
    /// <summary>Stopped by SIGTERM (128 + 15: Slurm's time limit, systemd, <c>timeout</c>); handled like Ctrl-C.</summary>
    public const int Terminated = 143;

    /// <summary>The exit code of a command stopped by a signal: 143 after SIGTERM, else 130.</summary>
    public static int ForInterruption() => CtrlC.Received == PosixSignal.SIGTERM ? Terminated : Interrupted;
}
