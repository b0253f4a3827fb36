namespace Exporter.Model;

/// <summary>
/// One validated KPI: a SQL query whose rows become gauge series. Built-in pack KPIs and user KPIs share
/// this type and every code path.
/// </summary>
/// <param name="Name">The metric name (with the namespace applied), also the <c>kpi</c> label of self-metrics.</param>
/// <param name="Labels">Label columns; null means every column that is not a value column.</param>
/// <param name="Values">Value columns. One column publishes the metric <paramref name="Name"/>; several publish <c>Name_column</c> each.</param>
/// <param name="Parameters">SQL parameters (a pack's settings), passed as <c>@name</c>.</param>
/// <param name="LockTimeout">How long the query waits for a lock before it fails with <c>lock_timeout</c>.</param>
/// <param name="StaleAfter">How long a failing KPI keeps its last good values before they are withdrawn.</param>
/// <param name="MySqlSql">The SQL on MySQL datasources (<c>sql_mysql</c>); null: <paramref name="Sql"/> on every engine.</param>
public sealed record KpiDefinition(
    string Name,
    string Help,
    string Sql,
    IReadOnlyList<string>? Labels,
    IReadOnlyList<string> Values,
    ScheduleDefinition Schedule,
    TimeSpan Timeout,
    TimeSpan LockTimeout,
    int MaxSeries,
    TimeSpan? StaleAfter,
    IReadOnlyList<string> Datasources,
    IReadOnlyDictionary<string, object> Parameters,
    string? Pack,
    string File,
    int Line,
    string? MySqlSql = null)
{
    /// <summary>The SQL that runs on a datasource of <paramref name="engine"/>.</summary>
    public string SqlFor(DatabaseEngine engine) => engine == DatabaseEngine.MySql && MySqlSql is not null ? MySqlSql : Sql;

    /// <summary>The metric each value column publishes.</summary>
    public string MetricName(string valueColumn) =>
        Values.Count == 1 ? Name : $"{Name}_{valueColumn}";
}

/// <summary>A KPI bound to one datasource: the unit that is scheduled and reported.</summary>
public sealed record KpiTarget(KpiDefinition Kpi, string Source)
{
    public string Key => $"{Kpi.Name}@{Source}";

    /// <summary>
    /// Whether a reloaded target does exactly the same work: everything equal but where the KPI was written
    /// (file, line) and its other datasources (each is a target of its own).
    /// </summary>
    public bool SameWorkAs(KpiTarget other)
    {
        var (a, b) = (Kpi, other.Kpi);
        return Source == other.Source
            && Scalars(a) == Scalars(b)
            && (a.Labels is null ? b.Labels is null : b.Labels is not null && a.Labels.SequenceEqual(b.Labels, StringComparer.Ordinal))
            && a.Values.SequenceEqual(b.Values, StringComparer.Ordinal)
            && a.Parameters.Count == b.Parameters.Count
            && a.Parameters.All(p => b.Parameters.TryGetValue(p.Key, out var value) && Equals(p.Value, value));
    }

    private static readonly IReadOnlyDictionary<string, object> NoParameters = new Dictionary<string, object>();
    private static readonly string[] None = [];

    // The definition with its collections and its position blanked, so record equality compares the rest.
    private static KpiDefinition Scalars(KpiDefinition kpi) =>
        kpi with { Labels = null, Values = None, Datasources = None, Parameters = NoParameters, File = "", Line = 0 };
}
