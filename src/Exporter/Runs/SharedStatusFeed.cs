using System.Globalization;
using System.Threading.Channels;
using Npgsql;

namespace Exporter.Runs;

/// <summary>
/// Keeps this replica's view current with the statuses the other replicas record: LISTEN on the state database
/// for each new one (shown within moments), and a full comparison of revisions at start-up, after each reconnect
/// and every <see cref="RefreshInterval"/> as the safety net (a notification lost with a connection).
/// /metrics never waits for any of this: it serves whatever has been shown.
/// </summary>
public sealed class SharedStatusFeed(ClusterState state, IEnumerable<ISharedWork> work, ILogger<SharedStatusFeed> logger) : BackgroundService
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, ISharedWork> _kinds = work.ToDictionary(w => w.Kind, StringComparer.Ordinal);
    // Rows already said to be unreadable: each is retried at every refresh, but said once.
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);

    /// <summary>A notification's text: kind, revision, the replica that recorded it, key (last: it may hold spaces).</summary>
    public static string Payload(string kind, long revision, string instance, string key) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind} {revision} {instance.Replace(' ', '_')} {key}");

    /// <summary>Applies everything newer than what this replica shows; once, before the scheduler starts, then in the background.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await state.Database.OpenConnectionAsync(cancellationToken);
            await RefreshAsync(connection, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The state database does not answer: the feed catches up once it does.
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException or InvalidOperationException)
            {
                // Lost the connection (the ClusterMonitor reports the database's health): reconnect with back-off.
                await Task.Delay(wait, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                wait = wait * 2 < state.OperationTimeout ? wait * 2 : state.OperationTimeout;
                continue;
            }
            wait = TimeSpan.FromSeconds(1);
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var heard = Channel.CreateUnbounded<string>();
        await using var connection = await state.Database.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, e) => heard.Writer.TryWrite(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {state.Table.Channel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        // Whatever was recorded while this replica was not listening.
        await RefreshAsync(connection, stoppingToken);
        var lastRefresh = DateTime.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Wakes at least every second to show what was heard and to check the connection; throws when it is gone.
            using (var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                tick.CancelAfter(TimeSpan.FromSeconds(1));
                try
                {
                    await connection.WaitAsync(tick.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // No notification this second.
                }
            }
            while (heard.Reader.TryRead(out var payload))
                await ApplyHeardAsync(connection, payload, stoppingToken);
            if (DateTime.UtcNow - lastRefresh > RefreshInterval)
            {
                await RefreshAsync(connection, stoppingToken);
                lastRefresh = DateTime.UtcNow;
            }
            if (connection.State != System.Data.ConnectionState.Open)
                throw new InvalidOperationException("the state database closed the connection");
        }
    }

    private async Task ApplyHeardAsync(NpgsqlConnection connection, string payload, CancellationToken cancellationToken)
    {
        var parts = payload.Split(' ', 4);
        if (parts.Length < 4 || !_kinds.TryGetValue(parts[0], out var kind) || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var revision))
            return;
        // Recorded by this replica (already shown) or older than what is shown.
        if (parts[2] == state.InstanceId.Replace(' ', '_') || revision <= kind.ShownRevision(parts[3]))
            return;
        await ApplyRowAsync(connection, kind, parts[3], cancellationToken);
    }

    /// <summary>Compares every item's revision with what is shown, and applies the newer ones.</summary>
    private async Task RefreshAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var newer = new List<(ISharedWork Kind, string Key)>();
        await using (var revisions = new NpgsqlCommand(state.Table.RevisionsSql, connection))
        await using (var rows = await revisions.ExecuteReaderAsync(cancellationToken))
        {
            while (await rows.ReadAsync(cancellationToken))
                if (_kinds.TryGetValue(rows.GetString(0), out var kind) && rows.GetInt64(2) > kind.ShownRevision(rows.GetString(1)))
                    newer.Add((kind, rows.GetString(1)));
        }
        foreach (var (kind, key) in newer)
            await ApplyRowAsync(connection, kind, key, cancellationToken);
    }

    private async Task ApplyRowAsync(NpgsqlConnection connection, ISharedWork kind, string key, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand(state.Table.RowSql, connection) { Parameters = { SharedStatusTable.Text(kind.Kind), SharedStatusTable.Text(key) } };
        await using var row = await read.ExecuteReaderAsync(cancellationToken);
        if (!await row.ReadAsync(cancellationToken))
            return;
        try
        {
            kind.ApplyShared(key, row.GetString(0), row.GetInt64(1), row.GetString(2));
        }
        catch (System.Text.Json.JsonException e)
        {
            // Written by another version of the exporter: not shown, and said once per row.
            if (_unreadable.Add($"{kind.Kind} {key}"))
                ClusterFeedLog.Unreadable(logger, kind.Kind, key, e.Message);
        }
    }
}

internal static partial class ClusterFeedLog
{
    [LoggerMessage(EventId = 610, Level = LogLevel.Warning, Message = "{Kind} {Key}: the status in the state database cannot be read ({Error}); is another version of the exporter in the cluster?")]
    public static partial void Unreadable(ILogger logger, string kind, string key, string error);
}
