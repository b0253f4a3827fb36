using Exporter.Configuration;
using Exporter.Datasources;
using Npgsql;

namespace Exporter.Kpis;

/// <summary>
/// Runs one KPI's SQL against one datasource in a read-only transaction with a statement timeout, and
/// maps the rows to series. Never throws for a query problem: every failure becomes a <see cref="KpiFailure"/>.
/// </summary>
public sealed class KpiRunner(DatasourceRegistry datasources, SecretRedactor redactor, TimeProvider time)
{
    // The client-side timeout is a backstop: the server's statement_timeout should fire first.
    private static readonly TimeSpan ClientGrace = TimeSpan.FromSeconds(5);

    public async Task<KpiResult> RunAsync(KpiTarget target, CancellationToken cancellationToken)
    {
        var kpi = target.Kpi;
        // The clock starts once the datasource gate is passed: queueing behind other KPIs is not query time.
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        KpiResult Result(KpiRowMapper.Mapped? mapped, KpiFailure? failure) => new(
            target, startedAt, time.GetElapsedTime(started), mapped?.Rows ?? 0,
            mapped?.Series ?? [], mapped?.Dropped ?? 0, failure);

        var datasource = datasources.Get(target.Source);
        if (Skipped(datasource) is { } skipped)
            return Result(null, skipped);
        var phase = "connecting";
        KpiResult result;
        try
        {
            using var slot = await datasource.EnterAsync(target.Key, cancellationToken);
            // Checked again: the datasource may have gone down while this run waited for its slot.
            if (Skipped(datasource) is { } skippedAfterWait)
                return Result(null, skippedAfterWait);
            (startedAt, started) = (time.GetUtcNow(), time.GetTimestamp());
            await using var connection = await datasource.DataSource.OpenConnectionAsync(cancellationToken);
            phase = "querying";
            await using var transaction = await ReadOnlyTransaction.BeginAsync(connection, kpi.Timeout, kpi.LockTimeout, cancellationToken);
            await using var batch = KpiCommand.Create(kpi, connection, transaction);
            batch.Timeout = (int)Math.Ceiling((kpi.Timeout + ClientGrace).TotalSeconds);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            result = Result(await KpiRowMapper.ReadAsync(kpi, target.Source, reader, cancellationToken), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Result(null, new KpiFailure(KpiFailureReasons.Cancelled, "the run was cancelled (shutting down)"));
        }
        catch (Exception e)
        {
            result = Result(null, Classify(e, phase, kpi));
        }
        datasource.RecordRun(target.Key, slow: result.Duration > Datasource.SlowRun
            || result.Failure?.Reason is KpiFailureReasons.Timeout or KpiFailureReasons.LockTimeout);
        return result;
    }

    /// <summary>
    /// While its datasource is down a KPI does not connect at all (it would only add one more failed login):
    /// the datasource's own retries decide when it is back.
    /// </summary>
    private KpiFailure? Skipped(Datasource datasource) => datasource.Health.Status is { IsDown: true } down
        ? new KpiFailure(KpiFailureReasons.DatasourceDown, redactor.Redact($"skipped: datasource {datasource.Name} is down ({down.Error})"))
        : null;

    private KpiFailure Classify(Exception e, string phase, KpiDefinition kpi)
    {
        var timeout = kpi.Timeout;
        var failure = e switch
        {
            KpiMappingException m => new KpiFailure(m.Reason, m.Message),
            PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable } =>
                new KpiFailure(KpiFailureReasons.LockTimeout,
                    $"waited longer than {Duration.Format(kpi.LockTimeout < timeout ? kpi.LockTimeout : timeout)} for a lock another session holds on a table it reads (DDL, LOCK TABLE, VACUUM FULL)"),
            // The server (or Npgsql, with parameters) refusing a second statement: see KpiCommand.
            PostgresException { SqlState: PostgresErrorCodes.SyntaxError } p when p.MessageText.Contains("multiple commands", StringComparison.Ordinal) =>
                new KpiFailure(KpiFailureReasons.Forbidden, $"{p.SqlState}: {p.MessageText} (a KPI is exactly one query)"),
            NotSupportedException n when n.Message.Contains("multiple SQL statements", StringComparison.Ordinal) =>
                new KpiFailure(KpiFailureReasons.Forbidden, "the SQL holds more than one statement (a KPI is exactly one query)"),
            PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } p when p.MessageText.Contains("statement timeout", StringComparison.Ordinal) =>
                new KpiFailure(KpiFailureReasons.Timeout, $"the query ran longer than its timeout of {Duration.Format(timeout)}"),
            // Connection lost or the server shutting down (class 08, 57P01-57P03): the datasource, not the query.
            PostgresException p when p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("57P", StringComparison.Ordinal) =>
                new KpiFailure(KpiFailureReasons.Connection, $"{p.SqlState}: {p.MessageText}"),
            NpgsqlException { InnerException: TimeoutException } when phase == "querying" =>
                new KpiFailure(KpiFailureReasons.Timeout, $"the query ran longer than its timeout of {Duration.Format(timeout)}"),
            PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } p =>
                new KpiFailure(KpiFailureReasons.ReadOnly, $"{p.SqlState}: {p.MessageText} (KPI queries run in a read-only transaction)"),
            PostgresException p when phase == "querying" =>
                new KpiFailure(KpiFailureReasons.QueryError, $"{p.SqlState}: {p.MessageText}"),
            PostgresException or NpgsqlException or TimeoutException or System.Net.Sockets.SocketException =>
                new KpiFailure(KpiFailureReasons.Connection, ConnectionError.Describe(e)),
            _ => new KpiFailure(KpiFailureReasons.QueryError, $"{e.GetType().Name}: {e.Message}"),
        };
        return failure with { Message = redactor.Redact(failure.Message) };
    }
}
