using System.Text;
using Exporter.Metrics;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace Exporter.Tests.Metrics;

public sealed class ProcessMetricsTests
{
    [Fact]
    public async Task Register_SameFamiliesAndSeriesAsDotNetStats()
    {
        var ours = Prometheus.Metrics.NewCustomRegistry();
        ProcessMetrics.Register(ours, new FakeTimeProvider());
        var theirs = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(theirs);

        Assert.Equal(Shape(await RenderAsync(theirs)), Shape(await RenderAsync(ours)));
        Assert.Equal(
            ["dotnet_collection_count_total{generation=\"0\"}", "dotnet_collection_count_total{generation=\"1\"}", "dotnet_collection_count_total{generation=\"2\"}",
             "dotnet_total_memory_bytes", "process_cpu_seconds_total", "process_num_threads", "process_open_handles", "process_private_memory_bytes",
             "process_start_time_seconds", "process_virtual_memory_bytes", "process_working_set_bytes"],
            Shape(await RenderAsync(ours)).Where(l => !l.StartsWith('#')));
    }

    [Fact]
    public async Task Collect_WithinASecond_KeepsTheValuesReadBefore()
    {
        var time = new FakeTimeProvider();
        var registry = Prometheus.Metrics.NewCustomRegistry();
        ProcessMetrics.Register(registry, time);
        var first = Collections(await RenderAsync(registry));

        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var soon = Collections(await RenderAsync(registry));
        time.Advance(TimeSpan.FromSeconds(1));
        var later = Collections(await RenderAsync(registry));

        Assert.Equal(first, soon);
        Assert.True(later > first, $"{later} > {first}");
        Assert.Equal(GC.CollectionCount(2), later);
    }

    private static double Collections(string exposition) =>
        double.Parse(exposition.Split('\n').Single(l => l.StartsWith("dotnet_collection_count_total{generation=\"2\"} ", StringComparison.Ordinal)).Split(' ')[1],
            System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Comment lines as they are, sample lines without their value, sorted.</summary>
    private static List<string> Shape(string exposition) =>
        [.. exposition.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.StartsWith('#') ? l : l[..l.LastIndexOf(' ')]).Order(StringComparer.Ordinal)];

    private static async Task<string> RenderAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
