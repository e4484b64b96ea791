namespace Blend.Data;

/// <summary>
/// An NLB submission file (the format EvalAI and nlb_tools.evaluation take): one group per dataset (see
/// <see cref="NlbDatasetNames"/>), each an <see cref="NlbDatasetRates"/>.
/// </summary>
public sealed class NlbSubmission : NlbGroupedFile<NlbDatasetRates>
{
    /// <summary>An empty submission; add dataset groups to <c>Datasets</c>.</summary>
    public NlbSubmission() { }

    /// <summary>A submission with one dataset group, <paramref name="groupName"/> (e.g. <c>mc_maze_20</c>).</summary>
    public NlbSubmission(string groupName, NlbDatasetRates rates) => Datasets[groupName] = rates;

    /// <summary>Reads every dataset group of a submission file; problems are <see cref="NlbFileException"/>s.</summary>
    public static NlbSubmission Read(string path) => Read<NlbSubmission>(path, "submission", NlbDatasetRates.Read);

    private protected override void AddTo(NlbDatasetRates dataset, NlbFileWriter writer, string group) => dataset.AddTo(writer, group);

    private protected override void Validate(NlbDatasetRates dataset, string file, string group) => dataset.Validate(file, group);
}
