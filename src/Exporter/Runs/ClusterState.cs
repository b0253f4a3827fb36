using Exporter.Configuration;
using Npgsql;

namespace Exporter.Runs;

/// <summary>
/// This replica's connection to the cluster's state database (where the statuses are shared) and whether it
/// answers: one log line when it stops answering and one when it is back, never its password.
/// </summary>
public sealed class ClusterState : IAsyncDisposable
{
    private readonly SecretRedactor _redactor;
    private readonly ILogger<ClusterState> _logger;
    private int _down;

    public ClusterState(ExporterDefinition definition, ILogger<ClusterState> logger)
    {
        var cluster = definition.Cluster ?? throw new InvalidOperationException("no cluster section");
        (_redactor, _logger) = (definition.Redactor, logger);
        InstanceId = cluster.InstanceId;
        Table = new SharedStatusTable(cluster);
        // A dead state database must not hold a run (or the feed) for long: every operation is bounded.
        OperationTimeout = cluster.CheckinInterval > TimeSpan.FromSeconds(2) ? cluster.CheckinInterval : TimeSpan.FromSeconds(2);
        var connection = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { ApplicationName = $"exporter/{cluster.InstanceId}" };
        Database = NpgsqlDataSource.Create(connection);
    }

    public string InstanceId { get; }

    public SharedStatusTable Table { get; }

    public TimeSpan OperationTimeout { get; }

    public NpgsqlDataSource Database { get; }

    /// <summary>Whether the state database answered the last operation.</summary>
    public bool IsUp => Volatile.Read(ref _down) == 0;

    public void Reached()
    {
        if (Interlocked.Exchange(ref _down, 0) == 1)
            ClusterLog.StateUp(_logger);
    }

    public void Unreachable(Exception error)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
            ClusterLog.StateDown(_logger, _redactor.Redact(error.Message));
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}

internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "The cluster's state database does not answer: {Error}; this replica shows the last statuses it heard of (stale as they age) and keeps new ones to itself until it answers again")]
    public static partial void StateDown(ILogger logger, string error);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "The cluster's state database answers again; statuses are shared again")]
    public static partial void StateUp(ILogger logger);
}
