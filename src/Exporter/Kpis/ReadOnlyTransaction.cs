using System.Globalization;
using Npgsql;

namespace Exporter.Kpis;

/// <summary>The transaction every KPI query runs in (and `validate --connect` prepares in).</summary>
public static class ReadOnlyTransaction
{
    /// <summary>
    /// Read-only, with the KPI's timeout enforced by the server, in UTC (`now() - interval '1 day'` is
    /// always 24h, whatever the server's time zone) and without JIT (KPI queries are short and frequent;
    /// compiling them costs more than it saves). A query waiting for a lock (a table held by DDL) gives up after
    /// <paramref name="lockTimeout"/>, so it frees its slot for the other KPIs. One round trip.
    /// </summary>
    public static async Task<NpgsqlTransaction> BeginAsync(
        NpgsqlConnection connection, TimeSpan timeout, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var setup = new NpgsqlCommand(
            "SET TRANSACTION READ ONLY; " +
            "SELECT set_config('statement_timeout', @timeout, true), set_config('lock_timeout', @lock_timeout, true), " +
            "set_config('TimeZone', 'UTC', true), set_config('jit', 'off', true)",
            connection, transaction);
        setup.Parameters.AddWithValue("timeout", Milliseconds(timeout));
        setup.Parameters.AddWithValue("lock_timeout", Milliseconds(lockTimeout < timeout ? lockTimeout : timeout));
        await setup.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    private static string Milliseconds(TimeSpan duration) => ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
