using Exporter.Runs;
using Microsoft.Extensions.Time.Testing;

namespace Exporter.Tests.Runs;

/// <summary>When the service hands memory back: only after a burst of allocations, and only once it is quiet again.</summary>
public sealed class MemoryReturnTests
{
    private const long Mb = 1 << 20;

    [Fact]
    public void LessThanABurst_IsNeverWorthAFullCollection()
    {
        using var service = new MemoryReturn(new FakeTimeProvider());
        var total = GC.GetTotalAllocatedBytes();
        Assert.False(service.Step(total += MemoryReturn.Burst - Mb));
        Assert.False(service.Step(total));
        Assert.False(service.Step(total + Mb / 2));
    }

    [Fact]
    public void ABurst_ThenAQuietInterval_RunsOneFullCollection()
    {
        using var service = new MemoryReturn(new FakeTimeProvider());
        var total = GC.GetTotalAllocatedBytes();

        Assert.False(service.Step(total += 40 * Mb));         // the interval of the burst: a run is going on
        Assert.False(service.Step(total += Mb));              // still 1 MB an interval: busy
        var fullCollections = GC.CollectionCount(GC.MaxGeneration);
        Assert.True(service.Step(total += Mb - 1));           // quiet after 42 MB: the memory goes back
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > fullCollections, "no full collection was run");
        Assert.False(service.Step(total += Mb / 2));          // quiet, but nothing new to return
        Assert.False(service.Step(total += 10 * Mb));         // a smaller run...
        Assert.False(service.Step(total += 6 * Mb));          // ...going on: 16.5 MB since the return
        Assert.True(service.Step(total));                     // quiet again after 16.5 MB: return it
    }
}
