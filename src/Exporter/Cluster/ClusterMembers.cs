using Exporter.Configuration;
using Npgsql;

namespace Exporter.Cluster;

/// <summary>
/// The state database's record of who is in the cluster: this replica's row in <c>members</c> (its config hash,
/// when it was last seen) and the live replicas Quartz knows (<c>qrtz_scheduler_state</c>).
/// </summary>
public sealed class ClusterMembers(NpgsqlDataSource state, StateSchema schema, ClusterDefinition cluster)
{
    /// <summary>The scheduler name every replica shares: one name, one Quartz cluster.</summary>
    public const string SchedulerName = "exporter";

    /// <summary>This process: tells it apart from another live replica that was given the same instance id.</summary>
    public Guid Incarnation { get; } = Guid.NewGuid();

    /// <summary>The exporter's connections to the state database.</summary>
    public NpgsqlDataSource DataSource => state;

    /// <summary>
    /// The live replicas other than this one that run a different config, or none. Called at start-up: a replica
    /// joins when no replica is alive, or when at least one live replica runs its config (a rolling reload is under
    /// way and this config is part of it); otherwise it is refused.
    /// </summary>
    public async Task<IReadOnlyList<(string InstanceId, string ConfigHash)>> OthersAliveAsync(CancellationToken cancellationToken)
    {
        await using var command = state.CreateCommand($"""
            SELECT instance_id, config_hash FROM {schema.Schema}.members
            WHERE instance_id <> @me AND seen_at > now() - @timeout ORDER BY instance_id
            """);
        command.Parameters.AddWithValue("me", cluster.InstanceId);
        command.Parameters.AddWithValue("timeout", cluster.CheckinTimeout);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var others = new List<(string, string)>();
        while (await reader.ReadAsync(cancellationToken))
            others.Add((reader.GetString(0), reader.GetString(1)));
        return others;
    }

    /// <summary>Whether another live process checks in under this replica's instance id (two replicas given the same one).</summary>
    public async Task<bool> InstanceIdInUseAsync(CancellationToken cancellationToken)
    {
        await using var command = state.CreateCommand(
            $"SELECT EXISTS (SELECT FROM {schema.Schema}.members WHERE instance_id = @me AND incarnation <> @incarnation AND seen_at > now() - @timeout)");
        command.Parameters.AddWithValue("me", cluster.InstanceId);
        command.Parameters.AddWithValue("incarnation", Incarnation);
        command.Parameters.AddWithValue("timeout", cluster.CheckinTimeout);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Records that this replica is alive with this config; returns the replicas Quartz saw check in lately (this one included).</summary>
    public async Task<int> CheckInAsync(string configHash, CancellationToken cancellationToken)
    {
        await using var connection = await state.OpenConnectionAsync(cancellationToken);
        await using (var upsert = new NpgsqlCommand($"""
            INSERT INTO {schema.Schema}.members (instance_id, config_hash, incarnation) VALUES (@me, @hash, @incarnation)
            ON CONFLICT (instance_id) DO UPDATE SET config_hash = excluded.config_hash, incarnation = excluded.incarnation, seen_at = now()
            """, connection))
        {
            upsert.Parameters.AddWithValue("incarnation", Incarnation);
            upsert.Parameters.AddWithValue("me", cluster.InstanceId);
            upsert.Parameters.AddWithValue("hash", configHash);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        // last_checkin_time is in .NET ticks (UTC).
        await using var count = new NpgsqlCommand(
            $"SELECT count(*) FROM {schema.QuartzTablePrefix}scheduler_state WHERE sched_name = @name AND last_checkin_time > @since", connection);
        count.Parameters.AddWithValue("name", SchedulerName);
        count.Parameters.AddWithValue("since", (DateTimeOffset.UtcNow - cluster.CheckinTimeout).UtcTicks);
        try
        {
            return Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // Quartz creates its tables when the first scheduler starts.
            return 0;
        }
    }
}
