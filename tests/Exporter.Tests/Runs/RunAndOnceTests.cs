using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Runs;

/// <summary>`run` and `once` go through the same scheduled-work path, so they publish the same series.</summary>
[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
public sealed class RunAndOnceTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    // The service alone adds the .NET/process metrics and the config reload metrics (`once` never reloads).
    private static readonly string[] RuntimePrefixes = ["process_", "dotnet_", "prometheus_net_", "microsoft_", "exporter_config_"];

    [Fact]
    public async Task RunAndOnce_SameConfig_PublishTheSameSeries()
    {
        using var config = TestConfig.For(database.ConnectionString, $"""
            kpis:
              - name: kpi_three
                help: Always 3.
                sql: select 3 as value
              - name: kpi_broken
                sql: select * from no_such_table
            probes:
              - name: down
                url: http://127.0.0.1:{ExporterProcess.FreePort()}/
                schedule: 1h
            """);

        var (_, once, stderr) = await ExporterProcess.RunAsync(["once", "--config", config.Path]);
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60));
        // /readyz turns 200 as the last KPI records its status, a moment before its last self-metrics are set;
        // the probe's first run starts a second after start-up.
        var run = SeriesOf(await exporter.Http.GetStringAsync("/metrics"));
        for (var attempt = 0; attempt < 100 && !run.SequenceEqual(SeriesOf(once)); attempt++)
        {
            await Task.Delay(100);
            run = SeriesOf(await exporter.Http.GetStringAsync("/metrics"));
        }

        // Series that exist before a KPI's first run: `once` used to miss the schedule interval.
        Assert.Subset(SeriesOf(once).ToHashSet(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal)
        {
            "exporter_kpi_schedule_interval_seconds{kpi=\"kpi_three\",source=\"app\"}",
            "exporter_kpi_schedule_interval_seconds{kpi=\"kpi_broken\",source=\"app\"}",
            "exporter_kpi_series_dropped_total{kpi=\"kpi_three\",source=\"app\"}",
            "exporter_kpi_errors_total{kpi=\"kpi_broken\",source=\"app\",reason=\"query_error\"}",
            "exporter_probe_errors_total{probe=\"down\",reason=\"timeout\"}",
            "exporter_probe_errors_total{probe=\"down\",reason=\"connection_refused\"}",
        });
        Assert.True(stderr.Contains("FAILED kpi_broken", StringComparison.Ordinal), stderr);
        Assert.Equal(SeriesOf(once), run);
    }

    /// <summary>Every series of an exposition (name and labels, no value), runtime metrics left out, sorted.</summary>
    private static string[] SeriesOf(string exposition) =>
    [
        .. exposition.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line[..line.LastIndexOf(' ')])
            .Where(series => !RuntimePrefixes.Any(p => series.StartsWith(p, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal),
    ];
}
