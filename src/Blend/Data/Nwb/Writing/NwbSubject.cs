namespace Blend.Data.Nwb.Writing;

/// <summary>The <c>/general/subject</c> group.</summary>
public sealed record NwbSubject(string SubjectId, string Species, string Description);
