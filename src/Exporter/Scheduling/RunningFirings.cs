using System.Collections.Concurrent;

namespace Exporter.Scheduling;

/// <summary>The Quartz firings this replica is running now (their fire instance ids), for <see cref="StuckTriggerRepair"/>.</summary>
public sealed class RunningFirings
{
    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    public string[] Now => [.. _running.Keys];

    /// <summary>Counts the firing as running until the returned handle is disposed.</summary>
    public IDisposable Track(string fireInstanceId)
    {
        _running[fireInstanceId] = 0;
        return new Done(() => _running.TryRemove(fireInstanceId, out _));
    }

    private sealed class Done(Action end) : IDisposable
    {
        public void Dispose() => end();
    }
}
