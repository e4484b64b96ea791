namespace Blend.Data.Identity;

/// <summary>The two cell classes of the EI task, written EC / IN in <c>neuron.ttype.txt</c>.</summary>
public enum CellClass
{
    /// <summary>Excitatory cell (<c>EC</c>).</summary>
    Excitatory = 0,

    /// <summary>Inhibitory interneuron (<c>IN</c> or any t-type string).</summary>
    Inhibitory = 1,
}

/// <summary>
/// The five interneuron subclasses of the subclass task, numbered as NeuPRINT's code numbers them
/// (Lamp5 = 0, Vip = 1, Pvalb = 2, Sst = 3, Sncg = 4). Other t-type prefixes (e.g. Serpinf1) have no subclass.
/// </summary>
public enum Subclass
{
    Lamp5 = 0,
    Vip = 1,
    Pvalb = 2,
    Sst = 3,
    Sncg = 4,
}

/// <summary>Short names used in tables and label lists.</summary>
public static class CellLabels
{
    public static string Name(CellClass cellClass) => cellClass == CellClass.Excitatory ? "EC" : "IN";

    public static string Name(Subclass subclass) => subclass.ToString();
}
