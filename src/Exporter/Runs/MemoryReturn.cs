namespace Exporter.Runs;

/// <summary>
/// Gives the memory a burst of allocations left behind back to the operating system once the service is quiet again.
/// A large KPI run (10,000 rows: rows, series, renderings) allocates tens of MB at once; the GC keeps that heap
/// committed, and an exporter between runs allocates so little (a scrape copies pre-rendered bytes) that no later
/// collection shrinks it. One aggressive (compacting, decommitting) collection after such a burst does: -10 MB RSS at
/// 10,000 series (bench/README.md), for one blocking collection of a small heap, at most once per quiet interval after
/// a burst and never during one (busy exporters keep their heap: they will need it again).
/// </summary>
public sealed class MemoryReturn(TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>Allocated since the last return: less is not worth a full collection.</summary>
    public const long Burst = 16 << 20;

    /// <summary>Allocated during the last interval: more means work is still going on.</summary>
    public const long Quiet = 1 << 20;

    private long _returnedAt = GC.GetTotalAllocatedBytes();
    private long _previous = GC.GetTotalAllocatedBytes();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                Step(GC.GetTotalAllocatedBytes());
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>
    /// One interval's look at the process's total allocated bytes: returns the memory (one aggressive collection) when
    /// the service is quiet after a burst. Whether it did.
    /// </summary>
    internal bool Step(long totalAllocated)
    {
        var quietAfterBurst = totalAllocated - _returnedAt >= Burst && totalAllocated - _previous < Quiet;
        _previous = totalAllocated;
        if (!quietAfterBurst)
            return false;
        var before = GC.GetTotalAllocatedBytes();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        // What the collection itself allocated counts as before the return.
        _returnedAt = _previous = totalAllocated + GC.GetTotalAllocatedBytes() - before;
        return true;
    }
}
