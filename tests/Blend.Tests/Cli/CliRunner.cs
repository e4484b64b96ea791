using Blend.Cli;

namespace Blend.Tests.Cli;

/// <summary>Runs the `blend` command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args) => RunWithInput("", args);

    /// <summary>Runs with <paramref name="stdin"/> as standard input.</summary>
    public static Result RunWithInput(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = BlendCli.Run(args, new StringReader(stdin), stdout, stderr);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
