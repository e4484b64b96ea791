using System.Text.Json;
using Blend.Data;
using Blend.Evaluation;
using Blend.Training;

namespace Blend.Experiments.Sweeps;

/// <summary>
/// A sweep expanded into its cells: for each model family, each setting (the grid's cross product, crossed with the
/// random samples) and each seed, one <see cref="SweepCell"/>. Written to the sweep folder as <c>sweep.json</c> with one
/// definition file per cell, so workers and Slurm tasks run a cell from its id alone.
/// </summary>
/// <param name="SweepFile">The sweep file, as given.</param>
/// <param name="DataFolder">The dataset folder (absolute).</param>
/// <param name="Cells">Every cell, in the sweep file's order (family, setting, seed).</param>
/// <param name="Slurm">The sweep file's Slurm resources.</param>
public sealed record SweepPlan(string SweepFile, string DataFolder, IReadOnlyList<SweepCell> Cells, SlurmOptions Slurm)
{
    /// <summary>
    /// Expands <paramref name="file"/> on <paramref name="dataFolder"/> (null: the file's <c>data:</c>): every cell's config
    /// is loaded and checked here, so a bad key or value fails before anything runs, naming the sweep file and line.
    /// <paramref name="folder"/>, the sweep's own folder, is left out of the data's fingerprint should it lie inside the data.
    /// </summary>
    public static SweepPlan Expand(SweepFile file, string? dataFolder, SweepFolder? folder = null)
    {
        string data = Path.GetFullPath(dataFolder ?? file.Data
            ?? throw new BlendInputException($"{file.Path}: no data: give the dataset folder with data: in the sweep file or --data"));
        if (!Directory.Exists(data)) throw new BlendInputException($"{data}: no such dataset folder (the sweep's data)");
        DatasetSource.Read(data); // a dataset folder, or an error saying what is missing
        string dataHash = DataHash(data, folder);
        var set = file.Set.Select(k => $"{k.Key}={k.Values[0]}").ToList();
        var cells = new List<SweepCell>();
        foreach (var setting in Settings(file))
        {
            var overrides = set.Concat(setting.Select(s => $"{s.Key}={s.Value}")).ToList();
            IReadOnlyList<ExperimentConfig> configs;
            try
            {
                configs = BuiltInConfigs.ForFamilies(file.Configs, file.Families, overrides, $"{file.Path}: families", $"{file.Path}: config");
            }
            catch (BlendInputException e)
            {
                string where = setting.Count == 0 ? "" : $" ({string.Join(" ", setting.Select(s => $"{s.Key}={s.Value}"))})";
                throw new BlendInputException($"{file.Path}{where}: {e.Message}", e);
            }
            bool chooseBudget = file.Configs.Count == 0 && BuiltInConfigs.ScheduleIsDefault(overrides);
            foreach (var config in configs)
            {
                var seeds = file.Seeds ?? [.. Enumerable.Range(config.Training.Training.Seed, file.SeedCount ?? config.Experiment.Seeds)];
                cells.AddRange(seeds.Select(seed => SweepCell.Of(config, setting, seed, chooseBudget, data, dataHash)));
            }
        }
        if (cells.GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1) is { } same)
            throw new BlendInputException($"{file.Path}: two cells resolve to the same config ({same.First().Family} {same.First().Label()} seed {same.First().Seed}): a grid value that changes nothing?");
        // Family-major order (then setting, then seed), as a reader expects the table (a stable sort keeps the rest).
        return new SweepPlan(file.Path, data, [.. cells.OrderBy(c => cells.FindIndex(o => o.Family == c.Family))], file.Slurm);
    }

    /// <summary>
    /// The hash of every file under <paramref name="data"/> (inputs, target, and what metrics read beside them, such as
    /// ground truth), leaving out <paramref name="folder"/>.
    /// </summary>
    public static string DataHash(string data, SweepFolder? folder) =>
        SweepCell.HashOf(DataFingerprint.OfFolder(data, folder is null ? [] : [folder.Root]));

    /// <summary>The grid's cross product (last key fastest), each crossed with the random samples drawn in order.</summary>
    private static IEnumerable<IReadOnlyList<SweepSetting>> Settings(SweepFile file)
    {
        IEnumerable<IReadOnlyList<SweepSetting>> grid = [[]];
        foreach (var key in file.Grid)
            grid = grid.SelectMany(prefix => key.Values.Select(v => (IReadOnlyList<SweepSetting>)[.. prefix, new SweepSetting(key.Key, v)])).ToList();
        if (file.Random is not { } search) return grid;
        var random = new Random(search.Seed);
        var samples = Enumerable.Range(0, search.Samples).Select(_ => search.Space.Select(d => new SweepSetting(d.Key, d.Draw(random))).ToList()).ToList();
        return grid.SelectMany(g => samples.Select(s => (IReadOnlyList<SweepSetting>)[.. g, .. s])).ToList();
    }

    /// <summary>
    /// The order to run the cells in: round-robin over their trunks, so that workers starting together train different
    /// baselines and teachers instead of waiting for the one they share.
    /// </summary>
    public IReadOnlyList<SweepCell> RunOrder(IEnumerable<SweepCell> cells) =>
        [.. cells.GroupBy(c => c.Trunk).SelectMany(g => g.Select((cell, k) => (cell, k))).OrderBy(p => p.k).Select(p => p.cell)];

    /// <summary>Short names for the setting's keys: the part after the section where no other key of the sweep shares it.</summary>
    public IReadOnlyDictionary<string, string> ShortKeys()
    {
        var keys = Cells.SelectMany(c => c.Setting.Select(s => s.Key)).Distinct().ToList();
        string Short(string key) => key[(key.IndexOf('.') + 1)..];
        return keys.ToDictionary(k => k, k => keys.Count(o => Short(o) == Short(k)) == 1 ? Short(k) : k);
    }

    /// <summary>Writes the plan and every cell's definition into <paramref name="folder"/> (atomically, file by file).</summary>
    public void Write(SweepFolder folder)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(folder.CellDefinition("x"))!);
        foreach (var cell in Cells)
        {
            string path = folder.CellDefinition(cell.Id);
            if (!File.Exists(path)) AtomicFile.WriteAllText(path, cell.ToJson());
        }
        AtomicFile.WriteAllText(folder.PlanFile, JsonSerializer.Serialize(new PlanRecord(SweepFile, DataFolder, [.. Cells.Select(c => c.Id)], Slurm), ResultsJson.Options) + "\n");
    }

    /// <summary>The plan in <paramref name="folder"/>.</summary>
    public static SweepPlan Read(SweepFolder folder)
    {
        if (!File.Exists(folder.PlanFile)) throw new BlendInputException($"{folder.Root}: not a sweep folder (no {Path.GetFileName(folder.PlanFile)}; blend sweep SWEEP.yaml --out {folder.Root} starts one)");
        var record = JsonSerializer.Deserialize<PlanRecord>(File.ReadAllText(folder.PlanFile), ResultsJson.Options)
                     ?? throw new BlendInputException($"{folder.PlanFile}: empty");
        return new SweepPlan(record.SweepFile, record.DataFolder, [.. record.Cells.Select(id => ReadCell(folder, id))], record.Slurm);
    }

    /// <summary>The definition of cell <paramref name="id"/> in <paramref name="folder"/>.</summary>
    public static SweepCell ReadCell(SweepFolder folder, string id)
    {
        string path = folder.CellDefinition(id);
        if (id.Length == 0 || id.Any(c => !char.IsAsciiHexDigitLower(c)) || !File.Exists(path))
            throw new BlendInputException($"{folder.Root}: no cell {id} (blend sweep status {folder.Root} lists them)");
        return SweepCell.FromJson(File.ReadAllText(path), path);
    }

    private sealed record PlanRecord(string SweepFile, string DataFolder, IReadOnlyList<string> Cells, SlurmOptions Slurm);
}
