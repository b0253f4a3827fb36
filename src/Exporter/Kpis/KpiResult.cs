namespace Exporter.Kpis;

/// <summary>The outcome of one run of one KPI against one datasource.</summary>
public sealed record KpiResult(
    KpiTarget Target,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    int Rows,
    IReadOnlyList<KpiSeries> Series,
    int Dropped,
    KpiFailure? Failure)
{
    public bool Succeeded => Failure is null;
}

/// <summary>One gauge sample: metric, label names and values (<c>source</c> included), value.</summary>
public sealed record KpiSeries(string Metric, IReadOnlyList<string> LabelNames, IReadOnlyList<string> LabelValues, double Value);

/// <summary>Why a run failed: a short machine reason (the <c>reason</c> label) and a redacted message.</summary>
public sealed record KpiFailure(string Reason, string Message);

/// <summary>The <c>reason</c> label values of <c>exporter_kpi_errors_total</c>.</summary>
public static class KpiFailureReasons
{
    public const string Timeout = "timeout";
    public const string Connection = "connection";
    public const string QueryError = "query_error";
    public const string ReadOnly = "read_only";
    public const string Cancelled = "cancelled";
    public const string DuplicateLabels = "duplicate_labels";
    public const string MissingColumn = "missing_column";
    public const string InvalidValue = "invalid_value";
    public const string ColumnsChanged = "columns_changed";
    public const string InvalidLabels = "invalid_labels";
    public const string PublishError = "publish_error";
    public const string Forbidden = "forbidden";
    public const string LockTimeout = "lock_timeout";

    /// <summary>Not a failure of the KPI: it did not run because its datasource is down (counted in exporter_kpi_skipped_total).</summary>
    public const string DatasourceDown = "datasource_down";
}
