using Npgsql;

namespace Exporter.Cluster;

/// <summary>
/// The exporter's tables in the state database, under the cluster's schema: a list of idempotent DDL statements
/// (<c>CREATE ... IF NOT EXISTS</c>) that other parts append to, applied in one transaction under an advisory lock,
/// so replicas starting at once create each object once and never see a half-made schema.
/// Quartz's own tables (<see cref="QuartzTablePrefix"/>) are created by Quartz itself when the scheduler starts
/// (its <c>CreateIfMissing</c> provisioning, the exact DDL of the Quartz version in use); this runs before it, so the
/// schema they go in exists.
/// </summary>
public sealed class StateSchema
{
    public StateSchema(string schema)
    {
        Schema = schema;
        Statements =
        [
            $"CREATE SCHEMA IF NOT EXISTS {schema}",
            // One row per replica: the config it runs (a hash), which process it is, and when it last said so (ClusterMonitor).
            $"""
            CREATE TABLE IF NOT EXISTS {schema}.members (
                instance_id text PRIMARY KEY,
                config_hash text NOT NULL,
                incarnation uuid NOT NULL,
                started_at timestamptz NOT NULL DEFAULT now(),
                seen_at timestamptz NOT NULL DEFAULT now())
            """,
            // The latest status of every item of work, whichever replica ran it (Runs/ClusterStatusStore).
            $"""
            CREATE TABLE IF NOT EXISTS {schema}.run_status (
                kind text NOT NULL,
                key text NOT NULL,
                version text NOT NULL,
                revision bigint NOT NULL,
                state jsonb NOT NULL,
                recorded_by text NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (kind, key))
            """,
        ];
    }

    /// <summary>The schema every table of the cluster lives in (validated by the config loader: a plain lower-case identifier).</summary>
    public string Schema { get; }

    /// <summary>Quartz's table prefix: its tables are <c>schema.qrtz_*</c>.</summary>
    public string QuartzTablePrefix => $"{Schema}.qrtz_";

    /// <summary>The DDL, in order; each statement must be idempotent. Append a table of your own here.</summary>
    public List<string> Statements { get; }

    public async Task ApplyAsync(NpgsqlDataSource state, CancellationToken cancellationToken)
    {
        await using var connection = await state.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // CREATE ... IF NOT EXISTS alone still races (two creators, one unique violation): one replica at a time.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('exporter.state_schema:' || @schema))", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("schema", Schema);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var statement in Statements)
        {
            await using var command = new NpgsqlCommand(statement, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
