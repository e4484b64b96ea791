namespace Blend.Data;

/// <summary>
/// nlb_tools' <c>eval_target.h5</c>: one group per dataset (see <see cref="NlbDatasetNames"/>), each an
/// <see cref="NlbDatasetTarget"/>.
/// </summary>
public sealed class NlbEvalTarget : NlbGroupedFile<NlbDatasetTarget>
{
    /// <summary>An empty eval target; add dataset groups to <c>Datasets</c>.</summary>
    public NlbEvalTarget() { }

    /// <summary>An eval target with one dataset group, <paramref name="groupName"/> (e.g. <c>mc_maze_20</c>).</summary>
    public NlbEvalTarget(string groupName, NlbDatasetTarget target) => Datasets[groupName] = target;

    /// <summary>Reads every dataset group of an <c>eval_target.h5</c>; problems are <see cref="NlbFileException"/>s.</summary>
    public static NlbEvalTarget Read(string path) => Read<NlbEvalTarget>(path, "eval target", NlbDatasetTarget.Read);

    private protected override void AddTo(NlbDatasetTarget dataset, NlbFileWriter writer, string group) => dataset.AddTo(writer, group);

    private protected override void Validate(NlbDatasetTarget dataset, string file, string group) => dataset.Validate(file, group);
}
