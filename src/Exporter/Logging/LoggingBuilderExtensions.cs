using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace Exporter.Logging;

public static class LoggingBuilderExtensions
{
    /// <summary>UTC ISO 8601 timestamps on every line, exactly one line per entry; only our own messages at Information.</summary>
    internal const string Timestamp = "yyyy-MM-ddTHH:mm:ss.fffZ";

    /// <summary>
    /// The console logger, configured only from <paramref name="settings"/> (never from appsettings or
    /// environment variables). Libraries speak at Warning and above: Quartz's start-up chatter ("Adding 0 jobs,
    /// 0 triggers") and ASP.NET Core's per-request lines would bury ours; the host's own start/stop failures are
    /// reported by the run command as one line.
    /// </summary>
    public static ILoggingBuilder AddExporterLogging(this ILoggingBuilder logging, LogSettings settings)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(settings.Level);
        var libraries = settings.Level > LogLevel.Warning ? settings.Level : LogLevel.Warning;
        logging.AddFilter("Quartz", libraries);
        // The clustered job store retries each state-database call and logs every attempt with a stack trace (one a
        // second during an outage), and the scheduler repeats it; ClusterMonitor reports the state database's health
        // as one line per change.
        logging.AddFilter("Quartz.Impl.AdoJobStore", LogLevel.None);
        logging.AddFilter("Quartz.Core.ErrorLogger", LogLevel.None);
        logging.AddFilter("Microsoft", libraries);
        logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", settings.LogRequests ? LogLevel.Information : libraries);
        logging.AddConsole(console =>
        {
            console.FormatterName = settings.Format switch
            {
                LogSettings.Json => ConsoleFormatterNames.Json,
                LogSettings.Logfmt => LogSettings.Logfmt,
                _ => ConsoleFormatterNames.Simple,
            };
            if (settings.ToStandardError)
                console.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        // The formatter alone: AddConsoleFormatter<,> also binds its options from configuration (we have none), which
        // is reflection that trimming and NativeAOT warn about (IL2026, IL3050).
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, LogfmtConsoleFormatter>());
        // Configure, not AddSimpleConsole/AddJsonConsole: those also set the formatter name, last one winning.
        logging.Services.Configure<SimpleConsoleFormatterOptions>(text =>
        {
            text.SingleLine = true;
            text.UseUtcTimestamp = true;
            text.TimestampFormat = Timestamp + " ";
            text.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        logging.Services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            json.UseUtcTimestamp = true;
            json.TimestampFormat = Timestamp;
            json.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
        });
        return logging;
    }
}
