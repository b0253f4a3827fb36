using Npgsql;

namespace Exporter.Datasources;

/// <summary>How a failure to reach or log in to a datasource is described, the same for KPI runs and health probes.</summary>
public static class ConnectionError
{
    public static string Describe(Exception e) => e is PostgresException p
        ? $"{p.SqlState}: {p.MessageText}"
        : $"cannot reach the database: {e.Message}";
}
