using System.Text.Json.Nodes;
using NJsonSchema;

namespace Exporter.Tests.Dashboards;

/// <summary>
/// Grafana's JSON schemas (shared/grafana-schema, see its README), loaded once per test class. NJsonSchema cannot
/// resolve a root-level <c>$ref</c>, so each schema is rooted at the definition it names with the file's
/// <c>definitions</c> attached.
/// </summary>
public sealed class GrafanaSchemas : IAsyncLifetime
{
    /// <summary>Panel types the boards may use, and the schema file describing each one's options.</summary>
    private static readonly Dictionary<string, string> PanelSchemaFiles = new(StringComparer.Ordinal)
    {
        ["stat"] = "stat",
        ["gauge"] = "gauge",
        ["timeseries"] = "timeseries",
        ["table"] = "table",
        ["bargauge"] = "bargauge",
        ["barchart"] = "barchart",
        ["xychart"] = "xychart",
        ["text"] = "text",
        ["state-timeline"] = "statetimeline",
        ["piechart"] = "piechart",
    };

    private readonly Dictionary<string, JsonSchema> _options = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonSchema> _fieldConfigs = new(StringComparer.Ordinal);

    public JsonSchema Dashboard { get; private set; } = null!;

    public JsonSchema PrometheusQuery { get; private set; } = null!;

    /// <summary>Every valid unit id (the <c>const</c> of each definition of units.jsonschema.json).</summary>
    public IReadOnlySet<string> Units { get; private set; } = null!;

    public static IEnumerable<string> PanelTypes => PanelSchemaFiles.Keys;

    public async Task InitializeAsync()
    {
        Dashboard = await RootedAsync("dashboard", "Dashboard");
        PrometheusQuery = await RootedAsync("prometheus", "Dataquery");
        foreach (var (type, file) in PanelSchemaFiles)
        {
            _options[type] = await RootedAsync(file, "Options");
            if (Read(file)["definitions"]!.AsObject().ContainsKey("FieldConfig"))
                _fieldConfigs[type] = await RootedAsync(file, "FieldConfig");
        }
        Units = Read("units")["definitions"]!.AsObject()
            .Select(d => (string?)d.Value!["const"])
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The schema of a panel type's <c>options</c>; null for a type no schema describes.</summary>
    public JsonSchema? Options(string panelType) => _options.GetValueOrDefault(panelType);

    /// <summary>The schema of a panel type's <c>fieldConfig.defaults.custom</c>; null when the type has none.</summary>
    public JsonSchema? FieldConfig(string panelType) => _fieldConfigs.GetValueOrDefault(panelType);

    private static JsonObject Read(string file)
    {
        var path = Path.Combine(DashboardFiles.SchemaDirectory, file + ".jsonschema.json");
        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }

    private static Task<JsonSchema> RootedAsync(string file, string definition)
    {
        var document = Read(file);
        var definitions = document["definitions"]!.AsObject();
        var root = definitions[definition] ?? throw new InvalidDataException($"{file}: no definitions.{definition}");
        // A definition that only points at another one ({"$ref": "#/definitions/X"}) is rooted at X.
        while (root is JsonObject { Count: 1 } only && (string?)only["$ref"] is { } reference)
            root = definitions[reference.Replace("#/definitions/", "", StringComparison.Ordinal)]!;
        var schema = root.DeepClone().AsObject();
        schema["definitions"] = definitions.DeepClone();
        return JsonSchema.FromJsonAsync(schema.ToJsonString());
    }
}
