using Exporter.Configuration;
using Npgsql;

namespace Exporter.Runs;

/// <summary>
/// The queries on the state database's table of the latest status of every item of work (one row per kind and key,
/// created with the cluster's schema: Cluster/StateSchema), and the channel that announces each new row to the
/// replicas. A row holds the whole status as JSON, the version of the item that recorded it (<see cref="WorkVersion"/>)
/// and a revision that grows with each record. The schema is a plain lower-case identifier (checked by the config).
/// </summary>
public sealed class SharedStatusTable(ClusterDefinition cluster)
{
    private readonly string _table = $"{cluster.Schema}.run_status";

    /// <summary>LISTEN/NOTIFY channel, one per schema, so two clusters sharing a database do not hear each other.</summary>
    public string Channel { get; } = cluster.Schema + "_run_status";

    public string LockRowSql => $"SELECT version, state::text FROM {_table} WHERE kind = $1 AND key = $2 FOR UPDATE";

    public string UpsertSql => $"""
        INSERT INTO {_table} AS t (kind, key, version, revision, state, recorded_by) VALUES ($1, $2, $3, 1, $4::jsonb, $5)
        ON CONFLICT (kind, key) DO UPDATE SET version = excluded.version, revision = t.revision + 1, state = excluded.state,
            recorded_by = excluded.recorded_by, recorded_at = now()
        RETURNING revision
        """;

    public string RevisionsSql => $"SELECT kind, key, revision FROM {_table}";

    public string RowSql => $"SELECT version, revision, state::text FROM {_table} WHERE kind = $1 AND key = $2";

    public static NpgsqlParameter Text(string value) => new() { Value = value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };
}
