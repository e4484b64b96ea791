namespace Blend.Cli;

/// <summary>
/// The CLI's one setting of libtorch's process-wide CPU thread count (the library never sets it): each command applies
/// its <c>--threads</c> / <c>training.threads</c> before building models; 0 keeps libtorch's default.
/// </summary>
internal static class TorchThreads
{
    public static void Apply(int threads)
    {
        if (threads > 0) TorchSharp.torch.set_num_threads(threads);
    }
}
