using System.Text.Json;
using Blend.Data;
using Blend.Evaluation;

namespace Blend.Experiments;

/// <summary>
/// What an experiment records at its start so that <c>--resume</c> continues the same experiment: its resolved config
/// and its data's <see cref="DataFingerprint"/>. A resumed experiment finds both in its folder and must match them, and
/// reuses every model whose folder holds its run record (<see cref="RunFile"/>).
/// </summary>
internal static class ExperimentRecord
{
    /// <summary>A finished model's record in its folder: its presence marks the model done for <c>--resume</c>.</summary>
    public const string RunFile = "run.json";

    /// <summary>The run record in <paramref name="modelFolder"/>, or null when the model did not finish.</summary>
    public static T? ReadRun<T>(string modelFolder) where T : class
    {
        string path = Path.Combine(modelFolder, RunFile);
        return File.Exists(path)
            ? JsonSerializer.Deserialize<T>(File.ReadAllText(path), ResultsJson.Options) ?? throw new BlendInputException($"{path}: empty run record")
            : null;
    }

    /// <summary>Writes a finished model's record into <paramref name="modelFolder"/> (last, atomically).</summary>
    public static void WriteRun<T>(string modelFolder, T run) =>
        AtomicFile.WriteAllText(Path.Combine(modelFolder, RunFile), JsonSerializer.Serialize(run, ResultsJson.Options) + "\n");

    /// <summary>
    /// Writes <paramref name="yaml"/> to <paramref name="configPath"/> and the fingerprint into <paramref name="folder"/>;
    /// when the config is already there (a resumed experiment), first refuses a different config or different data,
    /// naming the first key or file that differs.
    /// </summary>
    public static void Write(string folder, string configPath, string yaml, DataFingerprint fingerprint, string dataFolder)
    {
        if (File.Exists(configPath)) Check(folder, configPath, yaml, fingerprint, dataFolder);
        AtomicFile.WriteAllText(configPath, yaml);
        fingerprint.Write(folder);
    }

    /// <summary>Refuses a folder whose recorded config (at <paramref name="configPath"/>) or data differ from these, naming the first key or file that differs.</summary>
    public static void Check(string folder, string configPath, string yaml, DataFingerprint fingerprint, string dataFolder)
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
}
