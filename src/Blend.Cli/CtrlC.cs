namespace Blend.Cli;

/// <summary>
/// Ctrl-C as a cancellation request for a long command: the first Ctrl-C cancels <see cref="Token"/> (the command
/// finishes its step and exits cleanly), a second ends the process. Only hooked when the command writes to the real
/// console (not when tests capture its output). Dispose to unhook.
/// </summary>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly bool _hooked;

    public CtrlC(TextWriter stdout)
    {
        _hooked = ReferenceEquals(stdout, Console.Out);
        if (_hooked) Console.CancelKeyPress += OnCancel;
    }

    public CancellationToken Token => _cancellation.Token;

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (_cancellation.IsCancellationRequested) return; // a second Ctrl-C ends the process
        e.Cancel = true;
        _cancellation.Cancel();
    }

    public void Dispose()
    {
        if (_hooked) Console.CancelKeyPress -= OnCancel;
        _cancellation.Dispose();
    }
}
