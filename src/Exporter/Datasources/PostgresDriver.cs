using System.Data.Common;
using System.Globalization;
using Exporter.Configuration;
using Npgsql;

namespace Exporter.Datasources;

/// <summary>
/// PostgreSQL through Npgsql. The query runs in a read-only transaction whose settings pin its timeout
/// (statement_timeout), its lock wait (lock_timeout), UTC and no JIT, in one round trip. It is sent as the one
/// command of a batch: Npgsql sends it as written (no splitting on ';') in one extended-protocol Parse, which holds
/// one statement, so PostgreSQL itself refuses a second ("cannot insert multiple commands into a prepared statement").
/// </summary>
public sealed class PostgresDriver : EngineDriver
{
    public static readonly PostgresDriver Instance = new();

    public override DatabaseEngine Engine => DatabaseEngine.PostgreSql;

    private PostgresDriver()
    {
    }

    public override DbDataSource CreateDataSource(DatasourceDefinition definition, string applicationName)
    {
        var builder = new NpgsqlDataSourceBuilder(definition.ConnectionString);
        var settings = builder.ConnectionStringBuilder;
        // Shows up in pg_stat_activity, so DBAs can tell our queries apart.
        settings.ApplicationName = applicationName;
        // One more than the query gate, for `validate --connect` and health checks.
        settings.MaxPoolSize = Math.Min(settings.MaxPoolSize, definition.MaxConcurrency + 1);
        settings.MinPoolSize = Math.Min(settings.MinPoolSize, settings.MaxPoolSize);
        return builder.Build();
    }

    public override async Task<KpiQuery> ExecuteAsync(
        DbConnection connection, QueryText query, TimeSpan timeout, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var transaction = await BeginReadOnlyAsync((NpgsqlConnection)connection, timeout, lockTimeout, cancellationToken);
        var batch = Batch(query, (NpgsqlConnection)connection, transaction);
        // A backstop: the server's statement_timeout fires first.
        batch.Timeout = ClientTimeoutSeconds(timeout);
        try
        {
            return new KpiQuery(await batch.ExecuteReaderAsync(cancellationToken), batch, transaction);
        }
        catch
        {
            await batch.DisposeAsync();
            await transaction.DisposeAsync();
            throw;
        }
    }

    public override async Task<IReadOnlyCollection<string>> PrepareAsync(
        DbConnection connection, QueryText query, TimeSpan timeout, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var postgres = (NpgsqlConnection)connection;
        await using var transaction = await BeginReadOnlyAsync(postgres, timeout, lockTimeout, cancellationToken);
        await using (var batch = Batch(query, postgres, transaction))
            await batch.PrepareAsync(cancellationToken);
        return await PostgresPrivileges.TablesReadAsync(query, postgres, transaction, cancellationToken);
    }

    public override Task<IReadOnlyList<string>> PrivilegeWarningsAsync(
        DbConnection connection, IReadOnlyCollection<string> tablesRead, CancellationToken cancellationToken) =>
        PostgresPrivileges.WarningsAsync((NpgsqlConnection)connection, tablesRead, cancellationToken);

    /// <summary>
    /// Read-only, with the timeout enforced by the server, in UTC (`now() - interval '1 day'` is always 24h, whatever
    /// the server's time zone) and without JIT (KPI queries are short and frequent; compiling them costs more than it
    /// saves). A query waiting for a lock gives up after the lock timeout, so it frees its slot for the other KPIs.
    /// </summary>
    public static async Task<NpgsqlTransaction> BeginReadOnlyAsync(
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

    /// <summary>The query as the one command of a batch (see the class summary), with its parameters.</summary>
    public static NpgsqlBatch Batch(QueryText query, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var command = new NpgsqlBatchCommand(query.Sql);
        foreach (var (name, value) in query.Parameters)
            command.Parameters.AddWithValue(name, value);
        return new NpgsqlBatch(connection, transaction) { BatchCommands = { command } };
    }

    public override QueryError? Classify(Exception exception, bool querying) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable } => new QueryError(QueryErrorKind.LockTimeout, ""),
        // The server (or Npgsql, with parameters) refusing a second statement.
        PostgresException { SqlState: PostgresErrorCodes.SyntaxError } p when p.MessageText.Contains("multiple commands", StringComparison.Ordinal) =>
            new QueryError(QueryErrorKind.MultipleStatements, $"{p.SqlState}: {p.MessageText} (a KPI is exactly one query)"),
        NotSupportedException n when n.Message.Contains("multiple SQL statements", StringComparison.Ordinal) =>
            new QueryError(QueryErrorKind.MultipleStatements, "the SQL holds more than one statement (a KPI is exactly one query)"),
        PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } p when p.MessageText.Contains("statement timeout", StringComparison.Ordinal) =>
            new QueryError(QueryErrorKind.Timeout, ""),
        // Connection lost or the server shutting down (class 08, 57P01-57P03): the datasource, not the query.
        PostgresException p when p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("57P", StringComparison.Ordinal) =>
            new QueryError(QueryErrorKind.Connection, $"{p.SqlState}: {p.MessageText}"),
        NpgsqlException { InnerException: TimeoutException } when querying => new QueryError(QueryErrorKind.Timeout, ""),
        PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } p =>
            new QueryError(QueryErrorKind.ReadOnly, $"{p.SqlState}: {p.MessageText}"),
        PostgresException p when querying => new QueryError(QueryErrorKind.Query, $"{p.SqlState}: {p.MessageText}"),
        PostgresException or NpgsqlException or TimeoutException or System.Net.Sockets.SocketException =>
            new QueryError(QueryErrorKind.Connection, DescribeConnectionError(exception)),
        _ => null,
    };

    public override string DescribeConnectionError(Exception exception) => exception is PostgresException p
        ? $"{p.SqlState}: {p.MessageText}"
        : $"cannot reach the database: {exception.Message}";

    public override void ClearPool(DbDataSource dataSource) => ((NpgsqlDataSource)dataSource).Clear();

    public override string Describe(string connectionString)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql {connection.Host}:{connection.Port}/{connection.Database ?? "(default database)"}";
    }

    private static string Milliseconds(TimeSpan duration) => ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
