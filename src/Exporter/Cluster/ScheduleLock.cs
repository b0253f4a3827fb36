using Npgsql;

namespace Exporter.Cluster;

/// <summary>
/// Held while a replica compares its schedule with the shared job store and writes the difference (start-up,
/// reload): replicas starting at the same moment take turns, so a job new to the store is created once, not
/// created by one and replaced by the next after its first run already fired (a second run in the same period).
/// A session advisory lock on the state database, released when this is disposed (or when the replica dies).
/// </summary>
public sealed class ScheduleLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;

    private ScheduleLock(NpgsqlConnection connection) => _connection = connection;

    public static async Task<ScheduleLock> AcquireAsync(NpgsqlDataSource state, string schema, CancellationToken cancellationToken)
    {
        var connection = await state.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext('exporter.schedule:' || @schema))", connection);
            command.Parameters.AddWithValue("schema", schema);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new ScheduleLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Explicitly: a pooled connection is only reset when it is next used, and would hold the lock until then.
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", _connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The connection is gone, and its session's lock with it.
        }
        await _connection.DisposeAsync();
    }
}
