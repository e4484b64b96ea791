namespace Blend.Data.Identity;

/// <summary>
/// The lines of <c>neuron.ttype.txt</c> and the labels NeuPRINT derives from them: <c>EC</c> is
/// excitatory; <c>IN</c> and every t-type (<c>Vip-Crh</c>, <c>Serpinf1-Clrn1</c>, …) are inhibitory; the subclass
/// is the text before the first '-' when it is one of the five subclasses.
/// </summary>
public static class TTypeLabels
{
    /// <summary>The line of an excitatory cell.</summary>
    public const string Excitatory = "EC";
    /// <summary>The line of an interneuron without a t-type.</summary>
    public const string Inhibitory = "IN";

    /// <summary>
    /// The lines of a t-type file, trimmed as the reference's <c>strip()</c> does. Each must be <c>EC</c>, <c>IN</c>
    /// or a t-type: a name starting with a letter, of letters and digits, then '-' and a non-empty rest.
    /// </summary>
    public static string[] Read(string path)
    {
        if (!File.Exists(path)) throw new BlendInputException($"{path}: file not found");
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BlendInputException($"{path}: cannot read: {NlbFileException.OneLine(e.Message)}", e);
        }
        for (int i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].Trim();
            if (!IsValid(lines[i]))
                throw new BlendInputException(
                    $"{path} line {i + 1}: '{lines[i]}' is not EC, IN or a t-type such as Vip-Crh (one line per neuron)");
        }
        return lines;
    }

    /// <summary>Whether a trimmed line is <c>EC</c>, <c>IN</c> or a well-formed t-type (see <see cref="Read"/>).</summary>
    public static bool IsValid(string line) => line is Excitatory or Inhibitory || TTypePrefix(line) is not null;

    /// <summary><see cref="CellClass.Excitatory"/> for <c>EC</c>; <see cref="CellClass.Inhibitory"/> for <c>IN</c> and every t-type.</summary>
    public static CellClass ClassOf(string ttype) => ttype == Excitatory ? CellClass.Excitatory : CellClass.Inhibitory;

    /// <summary>The subclass of a t-type whose prefix is Lamp5, Vip, Pvalb, Sst or Sncg (case-sensitive); null for
    /// <c>EC</c>, <c>IN</c> and other prefixes such as Serpinf1. NeuPRINT keeps it only for record neurons.</summary>
    public static Subclass? SubclassOf(string ttype) => TTypePrefix(ttype) switch
    {
        "Lamp5" => Subclass.Lamp5,
        "Vip" => Subclass.Vip,
        "Pvalb" => Subclass.Pvalb,
        "Sst" => Subclass.Sst,
        "Sncg" => Subclass.Sncg,
        _ => null,
    };

    /// <summary>The text before the first '-' of a well-formed t-type, or null.</summary>
    private static string? TTypePrefix(string line)
    {
        int dash = line.IndexOf('-');
        if (dash <= 0 || dash == line.Length - 1 || !char.IsAsciiLetter(line[0])) return null;
        for (int i = 1; i < dash; i++)
            if (!char.IsAsciiLetterOrDigit(line[i])) return null;
        return line[..dash];
    }
}
