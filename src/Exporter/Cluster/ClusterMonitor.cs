using Exporter.Configuration;

namespace Exporter.Cluster;

/// <summary>
/// This replica in the cluster. At start-up (before the scheduler): creates the state schema and joins, refused
/// when every live replica runs a different config or another live replica has its instance id. Then every check-in interval: records this replica's config
/// and liveness, counts the live replicas and tells whether the state database answers: one log line per change
/// (down with the reason, redacted; up with the downtime) and <see cref="StateChanged"/> for whoever keeps state
/// in that database.
/// </summary>
public sealed class ClusterMonitor(
    ClusterDefinition cluster, StateSchema schema, ClusterMembers members, ClusterMetrics metrics, ExporterDefinition definition,
    SecretRedactor redactor, TimeProvider time, ILogger<ClusterMonitor> logger) : IHostedService, IReloadable, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private DateTimeOffset? _downSince;

    /// <summary>The hash of the config this replica runs (<see cref="ConfigFingerprint"/>); changes on reload.</summary>
    public string ConfigHash { get; private set; } = ConfigFingerprint.Of(definition);

    /// <summary>Whether, at start-up, a live replica ran another config (a rolling reload under way): then this one removes no job it lacks.</summary>
    public bool OthersRunAnotherConfig { get; private set; }

    /// <summary>Whether the state database answered the last check.</summary>
    public bool StateUp { get; private set; } = true;

    /// <summary>Raised on each change of <see cref="StateUp"/> (true: up again), from the monitor's loop.</summary>
    public event Action<bool>? StateChanged;

    /// <summary>Taken while this replica writes its schedule to the shared store (<see cref="ScheduleLock"/>).</summary>
    public Task<ScheduleLock> LockScheduleAsync(CancellationToken cancellationToken) =>
        ScheduleLock.AcquireAsync(members.DataSource, cluster.Schema, cancellationToken);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await schema.ApplyAsync(members.DataSource, cancellationToken);
        // Two processes under one instance id would each take the other's check-ins for their own: Quartz could not
        // tell when one of them dies. (A replica restarted within the check-in timeout is refused once, then joins.)
        if (await members.InstanceIdInUseAsync(cancellationToken))
            throw new ClusterJoinRefusedException(
                $"cluster: instance_id '{cluster.InstanceId}' is in use by a live replica; give each replica its own instance_id (the default, host name + \"-\" + process id, is unique)");
        var others = await members.OthersAliveAsync(cancellationToken);
        if (others.Count > 0 && others.All(o => o.ConfigHash != ConfigHash))
            throw new ClusterJoinRefusedException(RefusalMessage(others));
        OthersRunAnotherConfig = others.Any(o => o.ConfigHash != ConfigHash);
        metrics.Members.Set(await members.CheckInAsync(ConfigHash, cancellationToken));
        metrics.StateUp.Set(1);
        ClusterLog.Joined(logger, cluster.InstanceId, ConfigHash, others.Count);
        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public Task ApplyAsync(ExporterDefinition next, CancellationToken cancellationToken)
    {
        var hash = ConfigFingerprint.Of(next);
        if (hash != ConfigHash)
            ClusterLog.ConfigChanged(logger, hash);
        ConfigHash = hash;
        return Task.CompletedTask;
    }

    // Idempotent: the container disposes this twice (as the hosted service and as a reloadable part).
    public void Dispose() => _stopping.Dispose();

    private string RefusalMessage(IReadOnlyList<(string InstanceId, string ConfigHash)> others) =>
        $"cluster: this replica's config ({ConfigHash}) differs from the one the live replicas run " +
        $"({string.Join(", ", others.Select(o => $"{o.InstanceId}: {o.ConfigHash}"))}); " +
        "start it with the same config, or change the config of a running cluster by reloading its replicas (SIGHUP or POST /-/reload)";

    private async Task LoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(cluster.CheckinInterval, time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            attempt.CancelAfter(cluster.CheckinInterval);
            try
            {
                var seen = await members.CheckInAsync(ConfigHash, attempt.Token);
                metrics.Members.Set(seen);
                Record(up: true, null);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                var reason = e is OperationCanceledException ? $"no answer within {Duration.Format(cluster.CheckinInterval)}" : $"{e.GetType().Name}: {e.Message}";
                Record(up: false, redactor.Redact(reason).ReplaceLineEndings(" "));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Record(bool up, string? reason)
    {
        metrics.StateUp.Set(up ? 1 : 0);
        if (up == StateUp)
            return;
        StateUp = up;
        var now = time.GetUtcNow();
        if (up)
        {
            var downtime = Duration.Format(now - (_downSince ?? now));
            ClusterLog.StateUp(logger, downtime);
            _downSince = null;
        }
        else
        {
            _downSince = now;
            ClusterLog.StateDown(logger, reason!);
        }
        StateChanged?.Invoke(up);
    }
}
