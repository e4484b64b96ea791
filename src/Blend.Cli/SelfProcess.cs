namespace Blend.Cli;

/// <summary>How to start this program again (a worker, a sweep cell, a Slurm task): its own executable, or the dotnet host with its assembly.</summary>
internal static class SelfProcess
{
    /// <summary>The program to run and the arguments that come before the command's own.</summary>
    public static (string Program, string[] Prefix) Command()
    {
        string cli = typeof(BlendCli).Assembly.Location;
        string? host = Environment.ProcessPath;
        if (host is not null && Path.GetFileNameWithoutExtension(host) == Path.GetFileNameWithoutExtension(cli)) return (host, []);
        if (host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet") return (host, ["exec", cli]);
        return ("dotnet", ["exec", cli]);
    }
}
