namespace Blend.Data;

/// <summary>
/// nlb_tools' <c>eval_target.h5</c>: one group per dataset (see <see cref="NlbDatasetNames"/>), each an
/// <see cref="NlbDatasetTarget"/>.
/// </summary>
public sealed class NlbEvalTarget : NlbGroupedFile<NlbDatasetTarget>
{
    public NlbEvalTarget() { }

    public NlbEvalTarget(string groupName, NlbDatasetTarget target) => Datasets[groupName] = target;

    public static NlbEvalTarget Read(string path) => Read<NlbEvalTarget>(path, "eval target", NlbDatasetTarget.Read);

    private protected override void AddTo(NlbDatasetTarget dataset, NlbFileWriter writer, string group) => dataset.AddTo(writer, group);

    private protected override void Validate(NlbDatasetTarget dataset, string file, string group) => dataset.Validate(file, group);
}
