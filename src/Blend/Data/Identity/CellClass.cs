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
    /// <summary>Lamp5 interneurons (t-types <c>Lamp5-…</c>); class 0.</summary>
    Lamp5 = 0,
    /// <summary>Vip interneurons (t-types <c>Vip-…</c>); class 1.</summary>
    Vip = 1,
    /// <summary>Pvalb interneurons (t-types <c>Pvalb-…</c>); class 2.</summary>
    Pvalb = 2,
    /// <summary>Sst interneurons (t-types <c>Sst-…</c>); class 3.</summary>
    Sst = 3,
    /// <summary>Sncg interneurons (t-types <c>Sncg-…</c>); class 4.</summary>
    Sncg = 4,
}

/// <summary>Short names used in tables and label lists.</summary>
public static class CellLabels
{
    /// <summary><c>EC</c> or <c>IN</c>, as written in <c>neuron.ttype.txt</c>.</summary>
    public static string Name(CellClass cellClass) => cellClass == CellClass.Excitatory ? "EC" : "IN";

    /// <summary>The subclass name as it starts a t-type, e.g. <c>Pvalb</c>.</summary>
    public static string Name(Subclass subclass) => subclass.ToString();
}
