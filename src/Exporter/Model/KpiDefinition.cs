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
    int Line)
{
    /// <summary>The metric each value column publishes.</summary>
    public string MetricName(string valueColumn) =>
        Values.Count == 1 ? Name : $"{Name}_{valueColumn}";
}

/// <summary>A KPI bound to one datasource: the unit that is scheduled and reported.</summary>
public sealed record KpiTarget(KpiDefinition Kpi, string Source)
{
    public string Key => $"{Kpi.Name}@{Source}";
}
