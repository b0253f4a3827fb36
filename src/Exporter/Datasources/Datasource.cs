using System.Collections.Concurrent;
using System.Data.Common;

namespace Exporter.Datasources;

/// <summary>
/// One configured database: its engine's driver, a connection pool and the slots that bound concurrent KPI queries.
/// Fairness: KPIs whose last run was slow (over <see cref="SlowRun"/>, timed out, or gave up waiting for a lock) share at
/// most max_concurrency - 1 slots, so with two or more slots one is always left for the others: a blocked
/// table delays only the KPIs that read it.
/// </summary>
public sealed class Datasource(string name, EngineDriver driver, DbDataSource dataSource, int maxConcurrency) : IAsyncDisposable
{
    public static readonly TimeSpan SlowRun = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _slots = new(maxConcurrency, maxConcurrency);
    private readonly SemaphoreSlim _slowSlots = new(Math.Max(1, maxConcurrency - 1));
    private readonly ConcurrentDictionary<string, bool> _slow = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public EngineDriver Driver { get; } = driver;

    public DatabaseEngine Engine => Driver.Engine;

    public DbDataSource DataSource { get; } = dataSource;

    /// <summary>Up or down, shared by every KPI on this datasource: one outage is one state, not one error per KPI.</summary>
    public DatasourceHealth Health { get; } = new(name);

    /// <summary>One connection and <c>SELECT 1</c>: null when the datasource answers, else why not (not yet redacted).</summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (EngineDriver.IsConnectionFailure(e))
        {
            return Driver.DescribeConnectionError(e);
        }
    }

    /// <summary>
    /// Drops pooled connections (those in use are closed when given back): after an outage they point at a
    /// server that is gone, and the first query on one would fail again.
    /// </summary>
    public void ClearPool() => Driver.ClearPool(DataSource);

    /// <summary>Waits for a query slot for <paramref name="kpi"/>; dispose the result to give it back.</summary>
    public async Task<IDisposable> EnterAsync(string kpi, CancellationToken cancellationToken)
    {
        var slow = _slow.ContainsKey(kpi);
        if (slow)
            await _slowSlots.WaitAsync(cancellationToken);
        try
        {
            await _slots.WaitAsync(cancellationToken);
        }
        catch
        {
            if (slow)
                _slowSlots.Release();
            throw;
        }
        return new Slot(this, slow);
    }

    /// <summary>Remembers whether the KPI's run was slow, which decides the slots its next run may take.</summary>
    public void RecordRun(string kpi, bool slow)
    {
        if (slow)
            _slow[kpi] = true;
        else
            _slow.TryRemove(kpi, out _);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        _slots.Dispose();
        _slowSlots.Dispose();
    }

    public override string ToString() => $"datasource {Name}";

    private sealed class Slot(Datasource owner, bool slow) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1)
                return;
            owner._slots.Release();
            if (slow)
                owner._slowSlots.Release();
        }
    }
}
