namespace Exporter.Scheduling;

/// <summary>Source-generated log messages of the scheduler's jobs.</summary>
internal static partial class SchedulingLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "{Kind} {Key}: unexpected error in its job: {Error}")]
    public static partial void JobFailed(ILogger logger, string kind, string key, string error);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "reload: {Kind}: {Added} added, {Changed} changed (rescheduled), {Removed} removed, {Unchanged} unchanged")]
    public static partial void Reloaded(ILogger logger, string kind, int added, int changed, int removed, int unchanged);
}
