using YamlDotNet.RepresentationModel;

namespace Exporter.Configuration;

/// <summary>
/// A KPI as written in YAML, before defaults and overrides: every field but the name may be missing.
/// Pack files and the user's config are read by this one reader.
/// </summary>
internal sealed record KpiSpec(
    string Name,
    string File,
    int Line,
    string? Help,
    string? Sql,
    string? MySqlSql,
    string? Datasource,
    ScheduleDefinition? Schedule,
    TimeSpan? Timeout,
    TimeSpan? LockTimeout,
    int? MaxSeries,
    TimeSpan? StaleAfter,
    IReadOnlyList<string>? Labels,
    IReadOnlyList<string>? Values,
    IReadOnlyDictionary<string, int> FieldLines)
{
    private static readonly string[] Fields =
        ["name", "help", "sql", "sql_mysql", "datasource", "schedule", "timeout", "lock_timeout", "max_series", "stale_after", "labels", "values"];

    /// <summary>The line of a field, so an error points at it; the KPI's first line when the field is absent.</summary>
    public int LineOf(string field) => FieldLines.TryGetValue(field, out var line) ? line : Line;

    public static KpiSpec? Read(YamlMappingNode node, ConfigReadContext context)
    {
        var map = new YamlMap(node, context, "kpi", Fields);
        var name = map.String("name", required: true);
        var spec = new KpiSpec(
            name ?? "",
            context.File,
            map.Line,
            map.String("help"),
            map.String("sql"),
            map.String("sql_mysql"),
            map.String("datasource"),
            map.Schedule("schedule"),
            map.Duration("timeout"),
            map.Duration("lock_timeout"),
            map.Int("max_series", min: 1, max: ConfigLoader.MaxSeriesLimit),
            map.Duration("stale_after"),
            map.StringList("labels"),
            map.StringList("values"),
            Fields.Where(map.Has).ToDictionary(f => f, map.LineOf, StringComparer.Ordinal));
        return name is null ? null : spec;
    }

    /// <summary>A user KPI with a built-in's name replaces the fields it gives and keeps the rest.</summary>
    public KpiSpec OverriddenBy(KpiSpec user) => new(
        Name,
        user.File,
        user.Line,
        user.Help ?? Help,
        user.Sql ?? Sql,
        // A user's own `sql` replaces the built-in's on every engine unless they also give `sql_mysql`.
        user.MySqlSql ?? (user.Sql is null ? MySqlSql : null),
        user.Datasource ?? Datasource,
        user.Schedule ?? Schedule,
        user.Timeout ?? Timeout,
        user.LockTimeout ?? LockTimeout,
        user.MaxSeries ?? MaxSeries,
        user.StaleAfter ?? StaleAfter,
        user.Labels ?? Labels,
        user.Values ?? Values,
        user.FieldLines);
}
