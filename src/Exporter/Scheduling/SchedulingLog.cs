namespace Exporter.Scheduling;

/// <summary>Source-generated log messages of the scheduler's jobs.</summary>
internal static partial class SchedulingLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "{Kind} {Key}: unexpected error in its job: {Error}")]
    public static partial void JobFailed(ILogger logger, string kind, string key, string error);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "reload: {Kind}: {Added} added, {Changed} changed (rescheduled), {Removed} removed, {Unchanged} unchanged")]
    public static partial void Reloaded(ILogger logger, string kind, int added, int changed, int removed, int unchanged);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "cluster: {Kind}: {New} job(s) new to the shared schedule, {Changed} rescheduled (schedule changed), {Unchanged} kept with their timing")]
    public static partial void ClusterScheduled(ILogger logger, string kind, int @new, int changed, int unchanged);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "cluster: {Kind}: {Removed} job(s) of items no longer configured removed from the shared schedule")]
    public static partial void ClusterRemoved(ILogger logger, string kind, int removed);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "cluster: {Kind} {Key} fired on this replica, whose config does not have it (another replica runs a newer or older config): handed back to the cluster (hand-off {Attempt}); reload this replica to run it here")]
    public static partial void HandedOff(ILogger logger, string kind, string key, int attempt);

    [LoggerMessage(EventId = 305, Level = LogLevel.Error, Message = "cluster: {Kind} {Key} was handed off {Attempts} times and no replica that took it has it in its config: this run is dropped; reload the replicas so their configs agree")]
    public static partial void HandOffGaveUp(ILogger logger, string kind, string key, int attempts);

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "cluster: {Count} trigger(s) left stuck by a state-database outage (claimed and never fired, or blocked by a run that ended) put back on schedule")]
    public static partial void TriggersRepaired(ILogger logger, int count);

    [LoggerMessage(EventId = 307, Level = LogLevel.Error, Message = "cluster: checking the shared schedule for stuck triggers failed: {Error}")]
    public static partial void RepairFailed(ILogger logger, string error);
}
