using Exporter.Configuration;
using Exporter.Datasources;
using Npgsql;

namespace Exporter.Cli;

/// <summary>
/// What <c>run</c> started with, logged as one line: the config file, each datasource's engine and where it is
/// (never a user name or password), the counts of KPIs and probes, and where it listens.
/// </summary>
public sealed record StartupSummary(string ConfigFile, string Datasources, int Kpis, int Probes, string Listen)
{
    /// <summary>How the endpoints are protected, from the web config file (TLS, basic auth).</summary>
    public string WebSecurity { get; init; } = "tls off, basic auth off";

    /// <summary>"; cluster ..." with the cluster this replica joined (instance id, state database, schema), or nothing.</summary>
    public string Cluster { get; init; } = "";

    public static StartupSummary From(ExporterDefinition definition, string listen) => new(
        Path.GetFullPath(definition.File),
        string.Join(", ", definition.Datasources.Select(Describe)),
        definition.Kpis.Count,
        definition.Probes.Count,
        listen)
    {
        WebSecurity = $"tls {OnOff(definition.Server.WebConfig?.Tls is not null)}, basic auth {OnOff(definition.Server.WebConfig?.BasicAuth == true)}",
        Cluster = definition.Cluster is { } cluster ? $"; {DescribeCluster(cluster)}" : "",
    };

    private static string DescribeCluster(ClusterDefinition cluster)
    {
        var connection = new NpgsqlConnectionStringBuilder(cluster.ConnectionString);
        return $"cluster {cluster.InstanceId} (state {connection.Host}:{connection.Port}/{connection.Database ?? "(default database)"}, schema {cluster.Schema})";
    }

    private static string OnOff(bool on) => on ? "on" : "off";

    private static string Describe(DatasourceDefinition datasource) =>
        $"{datasource.Name} ({EngineDriver.For(datasource.Engine).Describe(datasource.ConnectionString)})";
}
