using Exporter.Configuration;
using Npgsql;

namespace Exporter.Runs;

/// <summary>
/// A cluster's status store: the state database. A run's status is computed from the latest one recorded by any
/// replica, written, and announced (NOTIFY) in one transaction, so every replica can show it and the next run,
/// wherever it happens, continues from it. While the state database does not answer, the status is kept in this
/// replica only (the others go on showing the last one they heard of, turning stale by the usual rules).
/// </summary>
public sealed class ClusterStatusStore(ClusterState state) : IStatusStore
{
    public async Task<(TStatus Status, long Revision)> RecordAsync<TStatus>(
        string kind, string key, string version, TStatus current, Func<TStatus, TStatus> change, CancellationToken cancellationToken)
        where TStatus : class
    {
        try
        {
            using var timeout = new CancellationTokenSource(state.OperationTimeout);
            await using var connection = await state.Database.OpenConnectionAsync(timeout.Token);
            await using var transaction = await connection.BeginTransactionAsync(timeout.Token);
            var previous = current;
            await using (var read = new NpgsqlCommand(state.Table.LockRowSql, connection, transaction) { Parameters = { SharedStatusTable.Text(kind), SharedStatusTable.Text(key) } })
            await using (var row = await read.ExecuteReaderAsync(timeout.Token))
            {
                // Recorded by this version of the item: the cluster's latest, whichever replica ran it.
                if (await row.ReadAsync(timeout.Token) && row.GetString(0) == version)
                    previous = SharedStatus.Read<TStatus>(row.GetString(1));
            }
            var next = change(previous);
            long revision;
            await using (var upsert = new NpgsqlCommand(state.Table.UpsertSql, connection, transaction)
            {
                Parameters = { SharedStatusTable.Text(kind), SharedStatusTable.Text(key), SharedStatusTable.Text(version), SharedStatusTable.Text(SharedStatus.Write(next)), SharedStatusTable.Text(state.InstanceId) },
            })
                revision = (long)(await upsert.ExecuteScalarAsync(timeout.Token))!;
            await using (var notify = new NpgsqlCommand("SELECT pg_notify($1, $2)", connection, transaction)
            {
                Parameters = { SharedStatusTable.Text(state.Table.Channel), SharedStatusTable.Text(SharedStatusFeed.Payload(kind, revision, state.InstanceId, key)) },
            })
                await notify.ExecuteNonQueryAsync(timeout.Token);
            await transaction.CommitAsync(timeout.Token);
            return (next, revision);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            // The state database does not answer (the ClusterMonitor says so): shown here only; revision 0 never hides a newer status the cluster records later.
            return (change(current), 0);
        }
    }
}
