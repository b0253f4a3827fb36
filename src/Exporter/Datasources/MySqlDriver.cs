using System.Data.Common;
using System.Globalization;
using System.Text;
using Exporter.Configuration;
using MySqlConnector;

namespace Exporter.Datasources;

/// <summary>
/// MySQL 8 and MariaDB 10.6+ through MySqlConnector. Each run sets the session read-only before its read-only
/// transaction: a statement that commits implicitly (DDL) would otherwise end the transaction and run outside it.
/// The server enforces the timeout (MariaDB max_statement_time, MySQL max_execution_time) and the lock waits
/// (lock_wait_timeout for table metadata, innodb_lock_wait_timeout for rows), and reads times in UTC. The KPI's
/// SQL reaches the server only as the text of a server-side <c>PREPARE</c>, which holds exactly one statement
/// (the driver would split a command's text on ';' itself); a pack's settings are user variables of the session.
/// A pooled connection is reset when it is reused, which ends the transaction and clears all of it.
/// </summary>
public sealed class MySqlDriver : EngineDriver
{
    public static readonly MySqlDriver Instance = new();

    public override DatabaseEngine Engine => DatabaseEngine.MySql;

    private const string Statement = "exporter_kpi";

    // Server error numbers (MySQL and MariaDB share them unless noted).
    private const int MariaDbStatementTimeout = 1969, MySqlExecutionTimeout = 3024, LockWaitTimeout = 1205, ReadOnlyTransaction = 1792;

    private static readonly HashSet<int> LinkErrors =
    [
        1040 /* too many connections */, 1042 /* cannot get host address */, 1043 /* bad handshake */, 1044 /* no access to the database */,
        1045 /* access denied */, 1049 /* unknown database */, 1053 /* server shutdown */, 1152 /* aborted connection */,
        1927 /* MariaDB: connection killed */, 4031 /* MySQL: disconnected by the server (idle) */,
    ];

    private MySqlDriver()
    {
    }

    public override DbDataSource CreateDataSource(DatasourceDefinition definition, string applicationName)
    {
        var settings = new MySqlConnectionStringBuilder(definition.ConnectionString)
        {
            ApplicationName = applicationName,
            // The setup writes the pack settings to session variables (@name), which the driver must pass through.
            AllowUserVariables = true,
            // Every reuse starts a clean session: no transaction, variable or prepared statement of an earlier run.
            ConnectionReset = true,
        };
        // One more than the query gate, for `validate --connect` and health checks.
        settings.MaximumPoolSize = Math.Min(settings.MaximumPoolSize, (uint)definition.MaxConcurrency + 1);
        settings.MinimumPoolSize = Math.Min(settings.MinimumPoolSize, settings.MaximumPoolSize);
        return new MySqlDataSourceBuilder(settings.ConnectionString).Build();
    }

    public override async Task<KpiQuery> ExecuteAsync(
        DbConnection connection, QueryText query, TimeSpan timeout, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        await SetUpAsync((MySqlConnection)connection, query, timeout, lockTimeout, cancellationToken);
        var execute = new MySqlCommand($"EXECUTE {Statement}", (MySqlConnection)connection)
        {
            // A backstop: the server's limit fires first (on cancellation the driver kills the query on the server).
            CommandTimeout = ClientTimeoutSeconds(timeout),
        };
        try
        {
            return new KpiQuery(await execute.ExecuteReaderAsync(cancellationToken), execute);
        }
        catch
        {
            await execute.DisposeAsync();
            throw;
        }
    }

    public override async Task<IReadOnlyCollection<string>> PrepareAsync(
        DbConnection connection, QueryText query, TimeSpan timeout, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        await SetUpAsync((MySqlConnection)connection, query, timeout, lockTimeout, cancellationToken);
        return [];
    }

    public override Task<IReadOnlyList<string>> PrivilegeWarningsAsync(
        DbConnection connection, IReadOnlyCollection<string> tablesRead, CancellationToken cancellationToken) =>
        MySqlPrivileges.WarningsAsync((MySqlConnection)connection, cancellationToken);

    /// <summary>One round trip: the session's limits, the read-only transaction, the statement prepared, its settings.</summary>
    private static async Task SetUpAsync(
        MySqlConnection connection, QueryText query, TimeSpan timeout, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var lockSeconds = Math.Max(1, (long)Math.Ceiling((lockTimeout < timeout ? lockTimeout : timeout).TotalSeconds));
        var statementLimit = connection.ServerVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase)
            ? $"max_statement_time = {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}"
            : $"max_execution_time = {(long)Math.Ceiling(timeout.TotalMilliseconds)}";
        var sql = new StringBuilder()
            .Append("SET SESSION TRANSACTION READ ONLY; ")
            .Append($"SET time_zone = '+00:00', {statementLimit}, lock_wait_timeout = {lockSeconds}, innodb_lock_wait_timeout = {lockSeconds}; ")
            .Append("START TRANSACTION READ ONLY; ")
            .Append($"PREPARE {Statement} FROM @exporter_sql");
        await using var setup = new MySqlCommand { Connection = connection, CommandTimeout = ClientTimeoutSeconds(timeout) };
        setup.Parameters.AddWithValue("@exporter_sql", query.Sql);
        var index = 0;
        foreach (var (name, value) in query.Parameters)
        {
            sql.Append($"; SET @{name} = @exporter_p{index}");
            setup.Parameters.AddWithValue($"@exporter_p{index++}", value);
        }
        setup.CommandText = sql.ToString();
        await setup.ExecuteNonQueryAsync(cancellationToken);
    }

    public override QueryError? Classify(Exception exception, bool querying) => exception switch
    {
        MySqlException { Number: MariaDbStatementTimeout or MySqlExecutionTimeout } => new QueryError(QueryErrorKind.Timeout, ""),
        MySqlException { ErrorCode: MySqlErrorCode.CommandTimeoutExpired } when querying => new QueryError(QueryErrorKind.Timeout, ""),
        MySqlException { Number: LockWaitTimeout } => new QueryError(QueryErrorKind.LockTimeout, ""),
        MySqlException { Number: ReadOnlyTransaction } m => new QueryError(QueryErrorKind.ReadOnly, $"{m.Number}: {m.Message}"),
        MySqlException m when querying && m.Number is > 0 and < 2000 && !LinkErrors.Contains(m.Number) =>
            new QueryError(QueryErrorKind.Query, $"{m.Number}: {m.Message}"),
        MySqlException or TimeoutException or System.Net.Sockets.SocketException =>
            new QueryError(QueryErrorKind.Connection, DescribeConnectionError(exception)),
        _ => null,
    };

    public override string DescribeConnectionError(Exception exception) =>
        exception is MySqlException { Number: > 0 and < 2000 } m && m.Number != 1042
            ? $"{m.Number}: {m.Message}"
            : $"cannot reach the database: {exception.Message}";

    public override void ClearPool(DbDataSource dataSource)
    {
        using var connection = (MySqlConnection)dataSource.CreateConnection();
        MySqlConnection.ClearPool(connection);
    }

    public override string Describe(string connectionString)
    {
        var connection = new MySqlConnectionStringBuilder(connectionString);
        return $"mysql {connection.Server}:{connection.Port}/{(string.IsNullOrEmpty(connection.Database) ? "(no default database)" : connection.Database)}";
    }
}
