namespace Exporter.Configuration;

/// <summary>The whole validated config: what the service runs. Built only by <see cref="ConfigLoader"/>.</summary>
public sealed record ExporterDefinition(
    string File,
    string Namespace,
    ServerDefinition Server,
    DefaultsDefinition Defaults,
    IReadOnlyList<DatasourceDefinition> Datasources,
    IReadOnlyList<string> Packs,
    IReadOnlyList<KpiDefinition> Kpis,
    IReadOnlyList<ProbeDefinition> Probes,
    SecretRedactor Redactor)
{
    /// <summary>The cluster this replica belongs to, or null: it runs alone with an in-memory scheduler.</summary>
    public ClusterDefinition? Cluster { get; init; }

    /// <summary>Every (KPI, datasource) pair: the unit of work that is scheduled, measured and reported.</summary>
    public IReadOnlyList<KpiTarget> Targets { get; } = [.. Kpis.SelectMany(kpi => kpi.Datasources.Select(source => new KpiTarget(kpi, source)))];
}

/// <param name="EnableLifecycle">Whether <c>POST /-/reload</c> exists.</param>
/// <param name="WebConfig">TLS and basic auth for the endpoints (the web config file), or null: plain HTTP, no auth.</param>
/// <param name="LogRequests">One log line per HTTP request (server.log_requests; off by default).</param>
public sealed record ServerDefinition(string Listen, bool EnableLifecycle, WebConfigDefinition? WebConfig, bool LogRequests = false);

/// <param name="LockTimeout">How long a KPI query waits for a lock (a table held by DDL) before giving up.</param>
public sealed record DefaultsDefinition(ScheduleDefinition Schedule, TimeSpan Timeout, TimeSpan LockTimeout, int MaxSeries, TimeSpan? StaleAfter);

/// <param name="Engine">The server it is (<c>engine:</c>, PostgreSQL by default).</param>
public sealed record DatasourceDefinition(string Name, string ConnectionString, int MaxConcurrency, string File, int Line,
    DatabaseEngine Engine = DatabaseEngine.PostgreSql)
{
    // Records print every property by default; a connection string holds a password.
    public override string ToString() => $"datasource {Name}";
}
