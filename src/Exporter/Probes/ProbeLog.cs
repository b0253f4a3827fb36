namespace Exporter.Probes;

/// <summary>Source-generated log messages of probes. They name the probe, never a header value.</summary>
internal static partial class ProbeLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Probe {Probe}: status {Status} in {DurationMs:F0} ms")]
    public static partial void Succeeded(ILogger logger, string probe, int status, double durationMs);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Probe {Probe} failed ({Reason}) after {DurationMs:F0} ms: {Error}")]
    public static partial void Failed(ILogger logger, string probe, string reason, double durationMs, string error);
}
