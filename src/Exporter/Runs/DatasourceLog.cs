using Microsoft.Extensions.Logging;

namespace Exporter.Runs;

/// <summary>Source-generated log messages of datasource health: one line when it goes down, one when it is back.</summary>
internal static partial class DatasourceLog
{
    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Datasource {Source} is down: {Error}; its {Kpis} KPI(s) are skipped until it answers again (retried every {MaxRetry} at most)")]
    public static partial void Down(ILogger logger, string source, string error, int kpis, string maxRetry);

    [LoggerMessage(EventId = 211, Level = LogLevel.Information, Message = "Datasource {Source} is up again after {Downtime} down; its KPIs run now")]
    public static partial void Up(ILogger logger, string source, string downtime);
}
