using System.Diagnostics;

namespace Blend.Tests.Cli;

/// <summary>
/// A one-node Slurm cluster on this machine for a test (<c>scripts/slurm-one-node.sh</c>): started in a folder, found by
/// <c>SLURM_CONF</c> (set in this process, so <c>sbatch</c> started by the CLI reaches it), stopped on dispose.
/// </summary>
internal sealed class SlurmCluster : IDisposable
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "slurm-one-node.sh");
    private readonly string _folder;
    private readonly string? _previousConf;

    private SlurmCluster(string folder, string conf)
    {
        _folder = folder;
        _previousConf = Environment.GetEnvironmentVariable("SLURM_CONF");
        Environment.SetEnvironmentVariable("SLURM_CONF", conf);
    }

    /// <summary>Why this machine cannot run a Slurm cluster (Slurm missing and not installable here), or null.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux()) return "Slurm's daemons run on Linux";
        bool installed = new[] { "sbatch", "slurmctld", "slurmd", "munged" }.All(Found);
        if (installed) return Environment.UserName == "root" ? null : "the one-node cluster's daemons need root";
        if (Environment.UserName != "root" || !Found("apt-get"))
            return "Slurm is not installed and cannot be installed here (needs root and apt-get: apt-get install slurm-wlm munge; .ci/run does)";
        return null;
    }

    /// <summary>Installs Debian's slurm-wlm and munge when missing (what <see cref="Unavailable"/> allowed).</summary>
    public static void EnsureInstalled()
    {
        if (new[] { "sbatch", "slurmctld", "slurmd", "munged" }.All(Found)) return;
        var (code, output) = Run("bash", "-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge || " +
                                               "{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge; }");
        Assert.True(code == 0, $"apt-get install slurm-wlm munge failed: {output}");
    }

    /// <summary>Starts a cluster with its state in <paramref name="folder"/>.</summary>
    public static SlurmCluster Start(string folder)
    {
        var (code, output) = Run("bash", Script, "start", folder);
        Assert.True(code == 0, $"slurm-one-node.sh start failed (exit {code}): {output}");
        string conf = output.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith("SLURM_CONF=", StringComparison.Ordinal))["SLURM_CONF=".Length..];
        return new SlurmCluster(folder, conf);
    }

    /// <summary>Runs a Slurm client command against this cluster; its exit code and output.</summary>
    public static (int Code, string Output) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static bool Found(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Append("/sbin")
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, tool)));

    public void Dispose()
    {
        Run("bash", Script, "stop", _folder);
        Environment.SetEnvironmentVariable("SLURM_CONF", _previousConf);
    }
}

/// <summary>A test that needs a one-node Slurm cluster: skipped, saying why, only where Slurm cannot be installed.</summary>
internal sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (SlurmCluster.Unavailable() is { } why) Skip = why;
    }
}
