using System.Data.Common;
using Exporter.Configuration;

namespace Exporter.Datasources;

/// <summary>
/// What differs between database engines when a KPI query runs: the connection pool, the read-only setup, how the
/// SQL is sent so that the server itself refuses a second statement, and what the driver's errors mean. Every
/// engine keeps the same guarantees: read-only, a timeout the server enforces, one statement, UTC.
/// </summary>
public abstract class EngineDriver
{
    public static EngineDriver For(DatabaseEngine engine) => engine == DatabaseEngine.MySql ? MySqlDriver.Instance : PostgresDriver.Instance;

    public abstract DatabaseEngine Engine { get; }

    /// <param name="applicationName">Shown to the server's administrators (pg_stat_activity, processlist attributes).</param>
    public abstract DbDataSource CreateDataSource(DatasourceDefinition definition, string applicationName);

    /// <summary>
    /// Runs the query read-only, with <paramref name="timeout"/> enforced by the server and a wait for a lock bounded
    /// by <paramref name="lockTimeout"/>; dispose the result to end its transaction.
    /// </summary>
    public abstract Task<KpiQuery> ExecuteAsync(
        DbConnection connection, QueryText query, TimeSpan timeout, TimeSpan lockTimeout, CancellationToken cancellationToken);

    /// <summary>
    /// Has the server parse and plan the query in the same setup, without running it (<c>validate --connect</c>);
    /// returns the tables its plan reads (schema.name) where the engine tells, else none.
    /// </summary>
    public abstract Task<IReadOnlyCollection<string>> PrepareAsync(
        DbConnection connection, QueryText query, TimeSpan timeout, TimeSpan lockTimeout, CancellationToken cancellationToken);

    /// <summary>What the login may do beyond reading (<c>validate --connect</c>'s warnings), given the tables its KPIs read.</summary>
    public abstract Task<IReadOnlyList<string>> PrivilegeWarningsAsync(
        DbConnection connection, IReadOnlyCollection<string> tablesRead, CancellationToken cancellationToken);

    /// <summary>What a driver exception means for a KPI run; null when it is not the database's.</summary>
    /// <param name="querying">Whether the connection was open (a failure then is the query's, unless the link broke).</param>
    public abstract QueryError? Classify(Exception exception, bool querying);

    /// <summary>How a failure to reach or log in to the server reads, for health probes and KPI runs alike.</summary>
    public abstract string DescribeConnectionError(Exception exception);

    /// <summary>Drops idle pooled connections (after an outage they point at a server that is gone).</summary>
    public abstract void ClearPool(DbDataSource dataSource);

    /// <summary>The engine and where it is, without credentials: <c>postgresql db:5432/app</c>.</summary>
    public abstract string Describe(string connectionString);

    /// <summary>The driver's own timeout for a query: a backstop a few seconds after the server's limit, which fires first.</summary>
    protected static int ClientTimeoutSeconds(TimeSpan timeout) => (int)Math.Ceiling((timeout + TimeSpan.FromSeconds(5)).TotalSeconds);

    /// <summary>Whether an exception comes from the driver or the network, so the probe reports it as the datasource's.</summary>
    public static bool IsConnectionFailure(Exception exception) =>
        exception is DbException or TimeoutException or System.Net.Sockets.SocketException;
}

/// <summary>A KPI's SQL and the parameters it refers to as <c>@name</c> (a pack's settings).</summary>
public sealed record QueryText(string Sql, IReadOnlyDictionary<string, object> Parameters);

public enum QueryErrorKind { Connection, Timeout, LockTimeout, ReadOnly, MultipleStatements, Query }

/// <param name="Detail">The server's own words (code: message), or the reason in ours.</param>
public sealed record QueryError(QueryErrorKind Kind, string Detail);
