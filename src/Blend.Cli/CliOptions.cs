using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;

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

    /// <summary>
    /// An optional enum option written as in config files (snake_case: <c>per_bin_mean</c>), parsed to the typed value
    /// once; anything else is a parse error listing the accepted names.
    /// </summary>
    public static Option<T?> Enum<T>(string name, string description, params string[] aliases) where T : struct, System.Enum
    {
        var names = System.Enum.GetValues<T>().ToDictionary(v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()), v => v);
        var option = new Option<T?>(name, aliases) { Description = description };
        option.CustomParser = result =>
        {
            string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (names.TryGetValue(text, out var value)) return value;
            result.AddError($"{name}: '{text}' is not one of {string.Join(", ", names.Keys)}");
            return null;
        };
        option.AcceptOnlyFromAmong([.. names.Keys]);
        return option;
    }
}
