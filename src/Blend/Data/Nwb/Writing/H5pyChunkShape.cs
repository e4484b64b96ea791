namespace Blend.Data.Nwb.Writing;

/// <summary>
/// The chunk shape h5py picks when a compressed dataset gives none (h5py's <c>guess_chunk</c>, which hdmf relies
/// on): a target chunk size that grows with the dataset (8 KiB to 1 MiB), reached by halving the axes in turn.
/// Reproducing it gives the fixtures' chunking, e.g. (1632, 1) for a 52196 × 2 float64 array.
/// </summary>
internal static class H5pyChunkShape
{
    private const double ChunkBase = 16 * 1024;
    private const double ChunkMin = 8 * 1024;
    private const double ChunkMax = 1024 * 1024;

    public static uint[] Guess(IReadOnlyList<ulong> shape, int elementBytes)
    {
        if (shape.Count == 0) throw new ArgumentException("a scalar dataset cannot be chunked", nameof(shape));
        // h5py guesses 1024 for a zero-length (unlimited) axis.
        var chunks = shape.Select(d => d == 0 ? 1024.0 : d).ToArray();
        double datasetBytes = Product(chunks) * elementBytes;
        double target = Math.Clamp(ChunkBase * Math.Pow(2, Math.Log10(datasetBytes / (1024.0 * 1024))), ChunkMin, ChunkMax);
        for (int axis = 0; ; axis++)
        {
            double chunkBytes = Product(chunks) * elementBytes;
            bool smallEnough = chunkBytes < target || Math.Abs(chunkBytes - target) / target < 0.5;
            if ((smallEnough && chunkBytes < ChunkMax) || Product(chunks) == 1) break;
            int i = axis % chunks.Length;
            chunks[i] = Math.Ceiling(chunks[i] / 2.0);
        }
        return chunks.Select(c => (uint)c).ToArray();
    }

    private static double Product(double[] values) => values.Aggregate(1.0, (p, v) => p * v);
}
