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
        Assert.False(service.Observe(total += MemoryReturn.Burst - Mb));
        Assert.False(service.Observe(total));
        Assert.False(service.Observe(total + Mb / 2));
    }

    [Fact]
    public void ABurst_ThenAQuietInterval_ReturnsOnce()
    {
        using var service = new MemoryReturn(new FakeTimeProvider());
        var total = GC.GetTotalAllocatedBytes();

        Assert.False(service.Observe(total += 40 * Mb));      // the interval of the burst: a run is going on
        Assert.False(service.Observe(total += Mb));           // still 1 MB an interval: busy
        Assert.True(service.Observe(total += Mb - 1));        // quiet after 42 MB: return the memory
        service.Returned(total += 4096);                      // the collection itself allocates a little
        Assert.False(service.Observe(total += Mb / 2));       // quiet, but nothing new to return
        Assert.False(service.Observe(total += 10 * Mb));      // a smaller run...
        Assert.False(service.Observe(total += 6 * Mb));       // ...going on: 16.5 MB since the return
        Assert.True(service.Observe(total));                  // quiet again after 16.5 MB: return it
    }
}
