using System.Globalization;

namespace Blend.Data;

/// <summary>
/// The NLB'21 dataset names that name the groups of eval-target and submission files. nlb_tools appends
/// <c>_&lt;bin ms&gt;</c> to the group name when the bin width is not 5 ms (the benchmark uses 5 and 20 ms, so in
/// practice the suffix is <c>_20</c>).
/// </summary>
public static class NlbDatasetNames
{
    /// <summary>The bin width (ms) whose group names carry no suffix.</summary>
    public const int DefaultBinMs = 5;

    /// <summary>MC_Maze: monkey motor and premotor cortex during delayed centre-out reaches around maze barriers.</summary>
    public const string McMaze = "mc_maze";
    /// <summary>MC_RTT: monkey motor cortex during self-paced reaches to random targets (continuous, no trial structure).</summary>
    public const string McRtt = "mc_rtt";
    /// <summary>Area2_Bump: monkey somatosensory area 2 during active reaches and passive arm bumps.</summary>
    public const string Area2Bump = "area2_bump";
    /// <summary>DMFC_RSG: monkey dorsomedial frontal cortex during the ready-set-go interval reproduction task.</summary>
    public const string DmfcRsg = "dmfc_rsg";
    /// <summary>MC_Maze scaling dataset, large (500 training trials).</summary>
    public const string McMazeLarge = "mc_maze_large";
    /// <summary>MC_Maze scaling dataset, medium (250 training trials).</summary>
    public const string McMazeMedium = "mc_maze_medium";
    /// <summary>MC_Maze scaling dataset, small (100 training trials).</summary>
    public const string McMazeSmall = "mc_maze_small";

    /// <summary>The base names, in nlb_tools' order.</summary>
    public static IReadOnlyList<string> Known { get; } =
        [McMaze, McRtt, Area2Bump, DmfcRsg, McMazeLarge, McMazeMedium, McMazeSmall];

    /// <summary>Whether <paramref name="name"/> is one of the seven NLB'21 base names, without a bin suffix (ordinal).</summary>
    public static bool IsKnownBase(string name) => Known.Contains(name, StringComparer.Ordinal);

    /// <summary>The group name for a dataset at a bin width: <c>mc_maze</c> at 5 ms, <c>mc_maze_20</c> at 20 ms.</summary>
    public static string GroupName(string baseName, int binMs = DefaultBinMs)
    {
        if (!IsKnownBase(baseName))
            throw new ArgumentException($"unknown NLB dataset '{baseName}' (known: {string.Join(", ", Known)})", nameof(baseName));
        if (binMs <= 0) throw new ArgumentOutOfRangeException(nameof(binMs), $"bin width must be positive, got {binMs}");
        return binMs == DefaultBinMs ? baseName : $"{baseName}_{binMs.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// Splits a group name into its base dataset and bin width: <c>mc_maze_small_20</c> → (<c>mc_maze_small</c>, 20),
    /// <c>mc_maze_small</c> → (<c>mc_maze_small</c>, 5). False for names that are not a known base with an optional
    /// positive, non-5 integer suffix.
    /// </summary>
    public static bool TryParse(string groupName, out string baseName, out int binMs)
    {
        baseName = "";
        binMs = 0;
        if (IsKnownBase(groupName))
        {
            baseName = groupName;
            binMs = DefaultBinMs;
            return true;
        }
        int underscore = groupName.LastIndexOf('_');
        if (underscore <= 0) return false;
        string head = groupName[..underscore], tail = groupName[(underscore + 1)..];
        if (!IsKnownBase(head) || tail.Length == 0 || tail[0] == '0' || !tail.All(char.IsAsciiDigit)) return false;
        if (!int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out int bin) || bin == DefaultBinMs) return false;
        baseName = head;
        binMs = bin;
        return true;
    }

    /// <summary>
    /// Whether <paramref name="groupName"/> is an NLB group name: a known base name, optionally with a bin suffix such as
    /// <c>_20</c> (see <see cref="TryParse"/>).
    /// </summary>
    public static bool IsValidGroupName(string groupName) => TryParse(groupName, out _, out _);

    /// <summary>
    /// Whether a group name can name a dataset at all: NLB names plus project-specific ones (e.g. a synthetic or
    /// imported dataset), which nlb_tools skips and Blend scores with the generic metrics. ASCII letters, digits
    /// and underscores, starting with a letter.
    /// </summary>
    public static bool IsUsableGroupName(string groupName) =>
        groupName.Length > 0 && char.IsAsciiLetter(groupName[0]) && groupName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Text for error messages: the accepted group names.</summary>
    internal static string Describe() => $"{string.Join(", ", Known)}, each optionally with a bin suffix such as _20";
}
