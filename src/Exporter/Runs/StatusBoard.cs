using System.Collections.Concurrent;

namespace Exporter.Runs;

/// <summary>
/// The latest status of every item of one kind of scheduled work (KPI targets, probes), in config order:
/// what <c>/status</c>, <c>/readyz</c> and the landing page show. Runs record into it concurrently.
/// </summary>
public sealed class StatusBoard<TStatus> where TStatus : class, IRunStatus<TStatus>
{
    private readonly ConcurrentDictionary<string, TStatus> _statuses = new(StringComparer.Ordinal);
    private readonly string[] _keys;

    public StatusBoard(IEnumerable<(string Key, TStatus Pending)> items)
    {
        var list = items.ToArray();
        _keys = [.. list.Select(item => item.Key)];
        foreach (var (key, pending) in list)
            _statuses[key] = pending;
    }

    public IReadOnlyList<string> Keys => _keys;

    public TStatus Get(string key) => _statuses[key];

    public IReadOnlyList<TStatus> All => [.. _keys.Select(key => _statuses[key])];

    /// <summary>Ready once every item has been attempted at least once.</summary>
    public bool AllAttempted => _statuses.Values.All(s => s.LastRunAt is not null);

    public void Update(string key, Func<TStatus, TStatus> change) =>
        _statuses.AddOrUpdate(key, _ => throw new InvalidOperationException($"unknown {typeof(TStatus).Name} {key}"), (_, previous) => change(previous));

    public void RecordNextRun(string key, DateTimeOffset? nextRunAt) => Update(key, previous => previous.WithNextRunAt(nextRunAt));
}
