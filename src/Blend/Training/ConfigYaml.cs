using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Blend.Training;

/// <summary>
/// The shape shared by Blend's config files: one YAML mapping of sections, each a mapping of scalar keys, plus
/// <c>section.key=value</c> overrides from <c>--set</c>. Walks them and hands each value, with where it came from
/// (file:line or the argument), to a setter that parses and checks it.
/// </summary>
internal static class ConfigYaml
{
    /// <summary>Calls <paramref name="set"/>(section, key, value, origin) for every key of <paramref name="yaml"/>.</summary>
    public static void Read(string yaml, string source, Func<string, bool> isSection, string sectionList, Action<string, string, string, string> set)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException e)
        {
            throw new BlendInputException($"{source}:{e.Start.Line}: not valid YAML: {e.Message.ReplaceLineEndings(" ").Trim()}", e);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            // YamlDotNet reports some damaged documents (an unexpected event, a bad escape) with these instead.
            throw new BlendInputException($"{source}: not valid YAML: {e.Message.ReplaceLineEndings(" ").Trim()}", e);
        }
        if (stream.Documents.Count == 0) return;
        if (stream.Documents.Count > 1) throw new BlendInputException($"{source}: expected one YAML document, found {stream.Documents.Count}");
        var root = stream.Documents[0].RootNode;
        if (root is YamlScalarNode { Value: null or "" }) return; // empty file
        if (root is not YamlMappingNode sections)
            throw new BlendInputException($"{source}:{root.Start.Line}: expected a mapping of sections ({sectionList})");
        foreach (var (sectionNode, body) in sections.Children)
        {
            string section = ((YamlScalarNode)sectionNode).Value ?? "";
            string where = $"{source}:{sectionNode.Start.Line}";
            if (!isSection(section)) throw new BlendInputException($"{where}: unknown section '{section}' (sections: {sectionList})");
            if (body is YamlScalarNode { Value: null or "" }) continue;
            if (body is not YamlMappingNode keys) throw new BlendInputException($"{where}: section '{section}' must be a mapping of keys");
            foreach (var (keyNode, valueNode) in keys.Children)
            {
                string key = (keyNode as YamlScalarNode)?.Value ?? "";
                string origin = $"{source}:{keyNode.Start.Line}";
                if (valueNode is not YamlScalarNode { Value: { } value })
                    throw new BlendInputException($"{origin}: {section}.{key}: expected a single value");
                set(section, key, value, origin);
            }
        }
    }

    /// <summary>Splits <c>section.key=value</c> and calls <paramref name="set"/>(section, key, value, origin).</summary>
    public static void Assign(string assignment, string sectionList, Action<string, string, string, string> set)
    {
        string origin = $"--set {assignment}";
        int equals = assignment.IndexOf('=');
        if (equals <= 0) throw new BlendInputException($"{origin}: expected section.key=value, e.g. training.lr=5e-4");
        string path = assignment[..equals].Trim();
        int dot = path.IndexOf('.');
        if (dot <= 0) throw new BlendInputException($"{origin}: '{path}' is not section.key (sections: {sectionList})");
        set(path[..dot], path[(dot + 1)..], assignment[(equals + 1)..], origin);
    }
}
