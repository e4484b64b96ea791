namespace Blend;

/// <summary>What a plug-in registration returns: disposing it removes the entry again (once).</summary>
internal sealed class RegistrationHandle(Action undo) : IDisposable
{
    private Action? _undo = undo;

    public void Dispose() => Interlocked.Exchange(ref _undo, null)?.Invoke();
}
