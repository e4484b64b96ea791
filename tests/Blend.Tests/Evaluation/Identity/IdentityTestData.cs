using Blend.Data;
using Blend.Data.Identity;

namespace Blend.Tests.Evaluation.Identity;

/// <summary>Identity lists and matrices shared by the identity-classification tests.</summary>
internal static class IdentityTestData
{
    /// <summary>
    /// x[i, j] = u / 1000 · scale[j] + offsets[labels[i]][j], u ∈ [−1000, 1000] from a 31-bit LCG: the same doubles as
    /// tools/identity_classifier_expected.py computes.
    /// </summary>
    public static RowMatrix Matrix(int rows, double[] scale, double[][] offsets, IReadOnlyList<int> labels, long seed)
    {
        var x = new RowMatrix(rows, scale.Length);
        long state = seed;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < scale.Length; j++)
            {
                state = (state * 1103515245 + 12345) % (1L << 31);
                long u = state % 2001 - 1000;
                x[i, j] = u / 1000.0 * scale[j] + offsets[labels[i]][j];
            }
        return x;
    }

    /// <summary>Per mouse: EC, unlabelled IN, one Serpinf1 record cell and the given record cells per subclass.</summary>
    public static IReadOnlyList<IdentityNeuron> Neurons(int mice, int excitatory, int unlabelled, int[] perSubclass)
    {
        var neurons = new List<IdentityNeuron>();
        double uid = 0;
        for (int m = 0; m < mice; m++)
        {
            string mouse = $"M{m}";
            for (int i = 0; i < excitatory; i++) neurons.Add(new(neurons.Count, mouse, CellClass.Excitatory, null, null, "EC"));
            for (int i = 0; i < unlabelled; i++) neurons.Add(new(neurons.Count, mouse, CellClass.Inhibitory, null, null, "IN"));
            neurons.Add(new(neurons.Count, mouse, CellClass.Inhibitory, null, uid++, "Serpinf1-synth0"));
            for (int s = 0; s < perSubclass.Length; s++)
                for (int i = 0; i < perSubclass[s]; i++)
                    neurons.Add(new(neurons.Count, mouse, CellClass.Inhibitory, (Subclass)s, uid++, $"{(Subclass)s}-synth{i % 3}"));
        }
        return neurons;
    }

    /// <summary>4 mice of 30 EC, 4 unlabelled IN, 1 Serpinf1 and 6/7/6/3/3 Lamp5/Vip/Pvalb/Sst/Sncg.</summary>
    public static IReadOnlyList<IdentityNeuron> SmallNeurons() => Neurons(4, 30, 4, [6, 7, 6, 3, 3]);
}
