using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Exporter.Configuration;

/// <summary>Reads the built-in packs embedded in the assembly (Kpis/Packs/*.yaml).</summary>
internal static class PackCatalog
{
    private const string ResourcePrefix = "Exporter.Packs.";

    public static IReadOnlyList<string> Names { get; } = typeof(PackCatalog).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".yaml".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The pack's file as shown in error messages: its path in the source tree.</summary>
    public static string FileOf(string name) => $"src/Exporter/Kpis/Packs/{name}.yaml";

    public static string ReadText(string name)
    {
        using var stream = typeof(PackCatalog).Assembly.GetManifestResourceStream($"{ResourcePrefix}{name}.yaml")
            ?? throw new ArgumentException($"no built-in pack named '{name}'", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Parses a pack; problems go to <paramref name="errors"/> like any config error.</summary>
    public static Pack? Load(string name, List<ConfigError> errors)
    {
        var context = new ConfigReadContext(FileOf(name), errors, new EnvironmentExpander(_ => null));
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(ReadText(name)));
            root = (YamlMappingNode)stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            context.Error((int)e.Start.Line, e.Message);
            return null;
        }
        var map = new YamlMap(root, context, "pack", "pack", "description", "schedule", "settings", "kpis");
        var settings = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value, _) in map.ScalarPairs("settings"))
            settings[key] = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : value;
        var kpis = map.MappingList("kpis").Select(node => KpiSpec.Read(node, context)).OfType<KpiSpec>().ToArray();
        return new Pack(map.String("pack") ?? name, map.String("description") ?? "", map.Schedule("schedule"), settings, kpis);
    }
}
