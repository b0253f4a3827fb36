using System.Collections.Concurrent;

namespace Exporter.Runs;

/// <summary>
/// The latest status of every item of one kind of scheduled work (KPI targets, probes), in config order:
/// what <c>/status</c>, <c>/readyz</c> and the landing page show. Runs record into it concurrently.
/// </summary>
public sealed class StatusBoard<TStatus> where TStatus : class, IRunStatus<TStatus>
{
    private readonly ConcurrentDictionary<string, TStatus> _statuses = new(StringComparer.Ordinal);
    private volatile string[] _keys;

    public StatusBoard(IEnumerable<(string Key, TStatus Pending)> items)
    {
        var list = items.ToArray();
        _keys = [.. list.Select(item => item.Key)];
        foreach (var (key, pending) in list)
            _statuses[key] = pending;
    }

    public IReadOnlyList<string> Keys => _keys;

    public TStatus Get(string key) => _statuses[key];

    public IReadOnlyList<TStatus> All => [.. _keys.Select(key => _statuses.GetValueOrDefault(key)).OfType<TStatus>()];

    /// <summary>Ready once every item has been attempted at least once.</summary>
    public bool AllAttempted => _statuses.Values.All(s => s.LastRunAt is not null);

    public void Update(string key, Func<TStatus, TStatus> change) =>
        _statuses.AddOrUpdate(key, _ => throw new InvalidOperationException($"unknown {typeof(TStatus).Name} {key}"), (_, previous) => change(previous));

    /// <summary>Records when the item runs next; nothing when a reload has just removed it.</summary>
    public void RecordNextRun(string key, DateTimeOffset? nextRunAt)
    {
        while (_statuses.TryGetValue(key, out var previous) && !_statuses.TryUpdate(key, previous.WithNextRunAt(nextRunAt), previous))
        {
        }
    }

    /// <summary>
    /// After a reload: the items of the new config, in its order. <paramref name="unchanged"/> items keep their status;
    /// added and changed ones start pending; removed ones are gone.
    /// </summary>
    public void Reset(IEnumerable<(string Key, TStatus Pending)> items, IReadOnlySet<string> unchanged)
    {
        var list = items.ToArray();
        foreach (var (key, pending) in list.Where(item => !unchanged.Contains(item.Key)))
            _statuses[key] = pending;
        _keys = [.. list.Select(item => item.Key)];
        foreach (var removed in _statuses.Keys.Except(_keys, StringComparer.Ordinal).ToArray())
            _statuses.TryRemove(removed, out _);
    }
}
