using Exporter.Kpis;

using System.Collections.Concurrent;

namespace Exporter.Runs;

/// <summary>The latest <see cref="KpiStatus"/> of every (KPI, datasource), in config order.</summary>
public sealed class KpiStatusBoard
{
    private readonly ConcurrentDictionary<string, KpiStatus> _statuses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KpiTarget> _targets;

    public KpiStatusBoard(IReadOnlyList<KpiTarget> targets)
    {
        Targets = targets;
        _targets = targets.ToDictionary(t => t.Key, StringComparer.Ordinal);
        foreach (var target in targets)
            _statuses[target.Key] = new KpiStatus(target.Kpi.Name, target.Source, target.Kpi.Pack, target.Kpi.Schedule.Text,
                null, null, null, null, null, null, null, null, null, []);
    }

    public IReadOnlyList<KpiTarget> Targets { get; }

    public KpiTarget Target(string key) => _targets[key];

    public KpiStatus Get(string key) => _statuses[key];

    public IReadOnlyList<KpiStatus> All => Targets.Select(t => _statuses[t.Key]).ToArray();

    /// <summary>Ready once every KPI has been attempted at least once.</summary>
    public bool AllAttempted => _statuses.Values.All(s => s.Attempted);

    public void Record(KpiResult result) =>
        Update(result.Target.Key, previous => previous with
        {
            LastRunAt = result.StartedAt,
            LastDurationSeconds = result.Duration.TotalSeconds,
            LastRows = result.Rows,
            LastSeries = result.Succeeded ? result.Series.Count : previous.LastSeries,
            LastRunSucceeded = result.Succeeded,
            LastSuccessAt = result.Succeeded ? result.StartedAt : previous.LastSuccessAt,
            LastErrorReason = result.Failure?.Reason,
            LastError = result.Failure?.Message,
            Values = result.Succeeded ? result.Series : previous.Values,
        });

    public void RecordNextRun(string key, DateTimeOffset? nextRunAt) =>
        Update(key, previous => previous with { NextRunAt = nextRunAt });

    /// <summary>Forgets the values shown for a KPI whose last good values were withdrawn as too old.</summary>
    public void ClearValues(string key) => Update(key, previous => previous with { Values = [] });

    private void Update(string key, Func<KpiStatus, KpiStatus> change) =>
        _statuses.AddOrUpdate(key, _ => throw new InvalidOperationException($"unknown KPI {key}"), (_, previous) => change(previous));
}
