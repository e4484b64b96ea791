using System.CommandLine;

namespace Blend.Cli;

/// <summary>One-line option declarations, so every command reads as a list of its options.</summary>
public static class CliOptions
{
    public static Option<T> Required<T>(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, Required = true };

    public static Option<T> Optional<T>(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description };

    public static Option<T> WithDefault<T>(string name, T defaultValue, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, DefaultValueFactory = _ => defaultValue };
}
