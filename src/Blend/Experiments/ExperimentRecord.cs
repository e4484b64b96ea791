using Blend.Data;

namespace Blend.Experiments;

/// <summary>
/// What an experiment records at its start so that <c>--resume</c> continues the same experiment: its resolved config
/// and its data's <see cref="DataFingerprint"/>. A resumed experiment finds both in its folder and must match them.
/// </summary>
internal static class ExperimentRecord
{
    /// <summary>
    /// Writes <paramref name="yaml"/> to <paramref name="configPath"/> and the fingerprint into <paramref name="folder"/>;
    /// when the config is already there (a resumed experiment), first refuses a different config or different data,
    /// naming the first key or file that differs.
    /// </summary>
    public static void Write(string folder, string configPath, string yaml, DataFingerprint fingerprint, string dataFolder)
    {
        if (File.Exists(configPath))
        {
            string before = File.ReadAllText(configPath);
            if (before != yaml)
            {
                string difference = yaml.Split('\n').Zip(before.Split('\n')).Where(p => p.First != p.Second)
                    .Select(p => $"{p.First.Trim()} now, {p.Second.Trim()} then").FirstOrDefault() ?? "a key was added or removed";
                throw new BlendInputException($"{configPath}: --resume with a different config than the interrupted experiment's ({difference}); resume with the same options, or start a new experiment");
            }
            fingerprint.CheckAgainst(folder, dataFolder);
        }
        AtomicFile.WriteAllText(configPath, yaml);
        fingerprint.Write(folder);
    }
}
