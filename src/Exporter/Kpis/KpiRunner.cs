using Exporter.Configuration;
using Exporter.Datasources;

namespace Exporter.Kpis;

/// <summary>
/// Runs one KPI's SQL against one datasource in a read-only transaction with a statement timeout (its engine's
/// driver sets both up), and maps the rows to series. Never throws for a query problem: every failure becomes a
/// <see cref="KpiFailure"/>.
/// </summary>
public sealed class KpiRunner(DatasourceRegistry datasources, SecretRedactor redactor, TimeProvider time)
{
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
            await using var query = await datasource.Driver.ExecuteAsync(
                connection, new QueryText(kpi.SqlFor(datasource.Engine), kpi.Parameters), kpi.Timeout, kpi.LockTimeout, cancellationToken);
            result = Result(await KpiRowMapper.ReadAsync(kpi, target.Source, query.Reader, cancellationToken), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Result(null, new KpiFailure(KpiFailureReasons.Cancelled, "the run was cancelled (shutting down)"));
        }
        catch (Exception e)
        {
            result = Result(null, Classify(e, datasource.Driver, querying: phase == "querying", kpi));
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

    private KpiFailure Classify(Exception e, EngineDriver driver, bool querying, KpiDefinition kpi)
    {
        var timeout = kpi.Timeout;
        var failure = e is KpiMappingException m
            ? new KpiFailure(m.Reason, m.Message)
            : driver.Classify(e, querying) switch
            {
                { Kind: QueryErrorKind.LockTimeout } => new KpiFailure(KpiFailureReasons.LockTimeout,
                    $"waited longer than {Duration.Format(kpi.LockTimeout < timeout ? kpi.LockTimeout : timeout)} for a lock another session holds on a table it reads (DDL, LOCK TABLE, VACUUM FULL)"),
                { Kind: QueryErrorKind.Timeout } => new KpiFailure(KpiFailureReasons.Timeout, $"the query ran longer than its timeout of {Duration.Format(timeout)}"),
                { Kind: QueryErrorKind.MultipleStatements } error => new KpiFailure(KpiFailureReasons.Forbidden, error.Detail),
                { Kind: QueryErrorKind.ReadOnly } error => new KpiFailure(KpiFailureReasons.ReadOnly, $"{error.Detail} (KPI queries run in a read-only transaction)"),
                { Kind: QueryErrorKind.Connection } error => new KpiFailure(KpiFailureReasons.Connection, error.Detail),
                { } error => new KpiFailure(KpiFailureReasons.QueryError, error.Detail),
                null => new KpiFailure(KpiFailureReasons.QueryError, $"{e.GetType().Name}: {e.Message}"),
            };
        return failure with { Message = redactor.Redact(failure.Message) };
    }
}
