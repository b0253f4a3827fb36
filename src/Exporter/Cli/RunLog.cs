namespace Exporter.Cli;

/// <summary>Source-generated log messages of the service's start and stop.</summary>
internal static partial class RunLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "exporter started: config {ConfigFile}; datasources: {Datasources}; {Kpis} KPI(s), {Probes} probe(s); listening on {Listen} ({WebSecurity}){Cluster}")]
    public static partial void Started(ILogger logger, string configFile, string datasources, int kpis, int probes, string listen, string webSecurity, string cluster);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "exporter shutting down: running queries are cancelled")]
    public static partial void Stopping(ILogger logger);

    public static void Started(ILogger logger, StartupSummary summary) =>
        Started(logger, summary.ConfigFile, summary.Datasources, summary.Kpis, summary.Probes, summary.Listen, summary.WebSecurity, summary.Cluster);
}
