using System.Diagnostics;
using Prometheus;

namespace Exporter.Metrics;

/// <summary>
/// The process and .NET metrics of prometheus-net's DotNetStats (same names, HELP and types), read at most once a
/// second. DotNetStats reads them at every collect, and enumerating the process's threads and handles from /proc
/// cost about 2 ms of CPU per scrape (bench/README.md), thirty times what serving 10,000 pre-rendered series costs.
/// Prometheus scrapes every few seconds at most, so it always sees fresh values.
/// </summary>
public sealed class ProcessMetrics
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(1);

    private readonly Process _process = Process.GetCurrentProcess();
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Counter.Child[] _collections;
    private readonly Gauge _totalMemory;
    private readonly Gauge _virtualMemory;
    private readonly Gauge _workingSet;
    private readonly Gauge _privateMemory;
    private readonly Counter _cpu;
    private readonly Gauge _openHandles;
    private readonly Gauge _threads;
    private long _refreshedAt = long.MinValue;

    private ProcessMetrics(CollectorRegistry registry, TimeProvider time)
    {
        _time = time;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var collections = factory.CreateCounter("dotnet_collection_count_total", "GC collection count", ["generation"]);
        _collections = [.. Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => collections.WithLabels(g.ToString(System.Globalization.CultureInfo.InvariantCulture)))];
        var startTime = factory.CreateGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.");
        _cpu = factory.CreateCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");
        _virtualMemory = factory.CreateGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.");
        _workingSet = factory.CreateGauge("process_working_set_bytes", "Process working set");
        _privateMemory = factory.CreateGauge("process_private_memory_bytes", "Process private memory size");
        _openHandles = factory.CreateGauge("process_open_handles", "Number of open handles");
        _threads = factory.CreateGauge("process_num_threads", "Total number of threads");
        _totalMemory = factory.CreateGauge("dotnet_total_memory_bytes", "Total known allocated memory");
        startTime.Set((_process.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds);
    }

    public static void Register(CollectorRegistry registry, TimeProvider time)
    {
        var metrics = new ProcessMetrics(registry, time);
        registry.AddBeforeCollectCallback(metrics.RefreshIfOld);
    }

    private void RefreshIfOld()
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            if (_refreshedAt != long.MinValue && _time.GetElapsedTime(_refreshedAt, now) < RefreshEvery)
                return;
            _refreshedAt = now;
            try
            {
                Refresh();
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
            {
                // As DotNetStats does: a process property the OS would not give keeps its last value, the scrape goes on.
            }
        }
    }

    private void Refresh()
    {
        _process.Refresh();
        for (var generation = 0; generation < _collections.Length; generation++)
            _collections[generation].IncTo(GC.CollectionCount(generation));
        _totalMemory.Set(GC.GetTotalMemory(false));
        _virtualMemory.Set(_process.VirtualMemorySize64);
        _workingSet.Set(_process.WorkingSet64);
        _privateMemory.Set(_process.PrivateMemorySize64);
        _cpu.IncTo(_process.TotalProcessorTime.TotalSeconds);
        _openHandles.Set(_process.HandleCount);
        _threads.Set(_process.Threads.Count);
    }
}
