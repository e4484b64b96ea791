namespace Blend;

/// <summary>What a plug-in registration returns: disposing it removes the entry again (once).</summary>
internal sealed class RegistrationHandle : IDisposable
{
    private static int s_live;
    private Action? _undo;

    public RegistrationHandle(Action undo)
    {
        _undo = undo;
        Interlocked.Increment(ref s_live);
    }

    /// <summary>Plug-ins registered in this process and not yet removed.</summary>
    public static int Live => Volatile.Read(ref s_live);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _undo, null) is not { } undo) return;
        undo();
        Interlocked.Decrement(ref s_live);
    }
}
