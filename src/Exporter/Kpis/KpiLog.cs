using Microsoft.Extensions.Logging;

namespace Exporter.Kpis;

/// <summary>Source-generated log messages of KPI runs. They name the datasource, never its connection string.</summary>
internal static partial class KpiLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "KPI {Kpi} on {Source}: {Series} series from {Rows} rows in {DurationMs:F0} ms")]
    public static partial void Succeeded(ILogger logger, string kpi, string source, int series, int rows, double durationMs);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "KPI {Kpi} on {Source} failed ({Reason}): {Error}")]
    public static partial void Failed(ILogger logger, string kpi, string source, string reason, string error);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "KPI {Kpi} on {Source} succeeds again")]
    public static partial void Recovered(ILogger logger, string kpi, string source);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "KPI {Kpi} on {Source} returned more than {MaxSeries} series; {Dropped} dropped")]
    public static partial void SeriesDropped(ILogger logger, string kpi, string source, int maxSeries, int dropped);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "KPI {Kpi} on {Source} has not succeeded for {StaleAfter}; its last values are withdrawn")]
    public static partial void Withdrawn(ILogger logger, string kpi, string source, string staleAfter);
}
