using Exporter.Configuration;
using Npgsql;

namespace Exporter.Runs;

/// <summary>
/// What the shared statuses need of the cluster: the state database (the exporter's own pool of it), the status
/// table's queries, this replica's name, and how long an operation on the state database may take before the
/// replica gives up on it (whether the database answers is the ClusterMonitor's to log and report).
/// </summary>
public sealed class ClusterState(ClusterDefinition cluster, NpgsqlDataSource database)
{
    public string InstanceId => cluster.InstanceId;

    public SharedStatusTable Table { get; } = new(cluster);

    /// <summary>A dead state database must not hold a run (or the feed) for long: every operation is bounded.</summary>
    public TimeSpan OperationTimeout { get; } = cluster.CheckinInterval > TimeSpan.FromSeconds(2) ? cluster.CheckinInterval : TimeSpan.FromSeconds(2);

    public NpgsqlDataSource Database => database;
}
