namespace Exporter.Scheduling;

/// <summary>Source-generated log messages of the scheduler's jobs.</summary>
internal static partial class SchedulingLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "{Kind} {Key}: unexpected error in its job: {Error}")]
    public static partial void JobFailed(ILogger logger, string kind, string key, string error);
}
