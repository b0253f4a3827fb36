namespace Exporter.Cluster;

/// <summary>Source-generated log messages of the cluster: one line per change of the state database's health.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "cluster: joined as {InstanceId} (config {ConfigHash}); {Others} other replica(s) alive")]
    public static partial void Joined(ILogger logger, string instanceId, string configHash, int others);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "cluster: state database is down: {Error}; this replica keeps serving and claims no new work until it answers")]
    public static partial void StateDown(ILogger logger, string error);

    [LoggerMessage(EventId = 602, Level = LogLevel.Information, Message = "cluster: state database is up again after {Downtime}")]
    public static partial void StateUp(ILogger logger, string downtime);

    [LoggerMessage(EventId = 603, Level = LogLevel.Information, Message = "cluster: this replica's config is now {ConfigHash} (reload)")]
    public static partial void ConfigChanged(ILogger logger, string configHash);
}
