using Spectre.Console;

namespace Blend.Cli;

/// <summary>Spectre.Console bound to the command's own output writer, so tests can capture what is printed.</summary>
public static class Terminal
{
    public static IAnsiConsole For(TextWriter writer)
    {
        bool interactive = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // Redirected output (files, tests, CI logs) is not wrapped at 80 columns.
        if (!interactive) console.Profile.Width = 160;
        return console;
    }
}
