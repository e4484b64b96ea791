using System.Runtime.InteropServices;

namespace Blend.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM — what Slurm, systemd, <c>timeout</c> and <c>kill</c> send — as a cancellation request for
/// a long command: the first signal cancels <see cref="Token"/> (the command finishes or abandons its step, leaves its
/// checkpoints intact, says how to continue, and exits 130 or 143); a second one ends the process at once. Only hooked
/// when the command writes to the real console (not when tests capture its output). Dispose to unhook.
/// </summary>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration[] _registrations = [];

    public CtrlC(TextWriter stdout)
    {
        if (!ReferenceEquals(stdout, Console.Out)) return;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    /// <summary>The signal that interrupted the command, or null (read by <see cref="ExitCodes.ForInterruption"/>).</summary>
    public static PosixSignal? Received { get; private set; }

    public CancellationToken Token => _cancellation.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (_cancellation.IsCancellationRequested) return; // a second signal ends the process (the default action)
        context.Cancel = true;
        Received = context.Signal;
        _cancellation.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancellation.Dispose();
    }
}
