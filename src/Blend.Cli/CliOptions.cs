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

    /// <summary>An experiment's <c>--resume</c> continues <c>&lt;out&gt;.incomplete</c>, so it needs the <c>--out</c> it was started with.</summary>
    public static void CheckResumeHasOut(bool resume, DirectoryInfo? output)
    {
        if (resume && output is null) throw new Blend.BlendInputException("--resume needs the --out of the interrupted experiment");
    }

    /// <summary><c>--workers N</c> of the experiment commands (null: <see cref="Workers(int?, int)"/> chooses).</summary>
    public static Option<int?> Workers() => new("--workers")
    {
        Description = "Models trained at once, each in its own process with training.threads threads (default: the cores over training.threads, " +
                      "e.g. 2 on 2 cores with threads: 1 as the demo's; 1 trains in this process). Results do not depend on it.",
    };

    /// <summary>
    /// The worker processes for an experiment: <paramref name="requested"/>, or as many as the cores hold at
    /// <paramref name="threads"/> each (1 when <paramref name="threads"/> is libtorch's default, which takes every core,
    /// or when plug-ins registered in this process could not run in a worker).
    /// </summary>
    public static int Workers(int? requested, int threads)
    {
        if (requested is int n)
        {
            if (n < 1) throw new Blend.BlendInputException($"--workers {n}: at least 1");
            if (n > 1 && Blend.Experiments.RecipeWorkers.PluginsRegistered)
                throw new Blend.BlendInputException($"--workers {n}: plug-ins registered in this process (model families, strategies, run metrics) do not exist in worker processes; use --workers 1");
            return n;
        }
        if (Blend.Experiments.RecipeWorkers.PluginsRegistered) return 1;
        return threads > 0 ? Math.Max(1, Environment.ProcessorCount / threads) : 1;
    }

    /// <summary>
    /// <c>--time-limit</c>: a duration such as <c>90s</c>, <c>30m</c>, <c>2h</c> or <c>1h30m</c> (a bare number is minutes);
    /// training stops at a step boundary when it is used up and keeps its best checkpoint.
    /// </summary>
    public static Option<TimeSpan?> TimeLimit(string description)
    {
        var option = new Option<TimeSpan?>("--time-limit") { Description = description };
        option.CustomParser = result =>
        {
            string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (ParseDuration(text) is { } duration) return duration;
            result.AddError($"--time-limit: '{text}' is not a duration such as 90s, 30m, 2h or 1h30m");
            return null;
        };
        return option;
    }

    /// <summary>A positive duration written as <c>&lt;number&gt;&lt;h|m|s&gt;</c> parts (a bare number is minutes), or null.</summary>
    internal static TimeSpan? ParseDuration(string text)
    {
        text = text.Trim().ToLowerInvariant();
        if (text.Length == 0) return null;
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double bare))
            return bare > 0 && double.IsFinite(bare) ? TimeSpan.FromMinutes(bare) : null;
        var parts = System.Text.RegularExpressions.Regex.Matches(text, @"(\d+(?:\.\d+)?)([hms])");
        if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != text) return null;
        var total = TimeSpan.Zero;
        foreach (System.Text.RegularExpressions.Match part in parts)
        {
            double value = double.Parse(part.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch { "h" => TimeSpan.FromHours(value), "m" => TimeSpan.FromMinutes(value), _ => TimeSpan.FromSeconds(value) };
        }
        return total > TimeSpan.Zero ? total : null;
    }
}
