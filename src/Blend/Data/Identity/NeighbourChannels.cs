namespace Blend.Data.Identity;

/// <summary>
/// NeuPRINT's two neighbour channels: for each neuron, the mean and SD (ddof 0) at every frame of
/// the z-scored activity of the <em>other</em> neurons within a radius, 0 for a neuron without neighbours.
/// </summary>
public static class NeighbourChannels
{
    /// <summary>
    /// For each neuron, the other neurons whose 3-D Euclidean distance is at most <paramref name="radius"/>
    /// (inclusive, as scikit-learn's <c>radius_neighbors</c>), in increasing index order. A neuron at the same
    /// position as another still counts it; only itself is excluded. Positions are neurons × 3, row-major.
    /// </summary>
    public static int[][] Within(ReadOnlySpan<double> positions, double radius)
    {
        if (positions.Length % 3 != 0) throw new ArgumentException($"{positions.Length} values are not rows of x, y, z", nameof(positions));
        int neurons = positions.Length / 3;
        double limit = radius * radius;
        var lists = new List<int>[neurons];
        for (int i = 0; i < neurons; i++) lists[i] = [];
        // Each pair once; N² / 2 distance checks is nothing at a few hundred neurons a session.
        for (int i = 0; i < neurons; i++)
            for (int j = i + 1; j < neurons; j++)
            {
                double dx = positions[3 * i] - positions[3 * j];
                double dy = positions[3 * i + 1] - positions[3 * j + 1];
                double dz = positions[3 * i + 2] - positions[3 * j + 2];
                if (dx * dx + dy * dy + dz * dz <= limit)
                {
                    lists[i].Add(j);
                    lists[j].Add(i);
                }
            }
        return lists.Select(l => l.ToArray()).ToArray();
    }

    /// <summary>Neurons × 2 × frames: channel 0 the neighbours' mean, channel 1 their SD, from neuron-major activity.</summary>
    public static float[] Compute(float[] activity, int frames, int[][] neighbours)
    {
        var result = new float[(long)neighbours.Length * 2 * frames];
        var statistics = new FrameStatistics(frames);
        for (int n = 0; n < neighbours.Length; n++)
        {
            var channels = result.AsSpan(n * 2 * frames, 2 * frames);
            statistics.MeanAndStd(activity, neighbours[n], channels[..frames], channels[frames..]);
        }
        return result;
    }
}
