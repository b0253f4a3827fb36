namespace Exporter.Configuration;

/// <summary>A built-in set of KPIs shipped as an embedded YAML file in the user-KPI format.</summary>
/// <param name="Settings">Tunable numbers (e.g. gross_margin) with their defaults, passed to the SQL as <c>@name</c>.</param>
internal sealed record Pack(
    string Name,
    string Description,
    ScheduleDefinition? Schedule,
    IReadOnlyDictionary<string, object> Settings,
    IReadOnlyList<KpiSpec> Kpis);
