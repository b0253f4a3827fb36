using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.EndToEnd;

/// <summary>End to end over demo data: every pack's metrics, every recording rule, in a real Prometheus.</summary>
[Trait(Tier.Name, Tier.Stack)]
public sealed class DemoStackTests(DemoStackFixture stack) : IClassFixture<DemoStackFixture>
{
    [Fact]
    public async Task Once_OverDemoData_PublishesEveryPackMetricAndPassesPromtool()
    {
        var (code, stdout, stderr) = await ExporterProcess.RunAsync(["once", "--config", stack.Config.Path]);

        Assert.True(code == 0, stderr);
        var definition = Exporter.Configuration.ConfigLoader.Load(stack.Config.Path);
        var missing = definition.Kpis
            .Where(k => !stdout.Contains($"\n{k.Name}{{", StringComparison.Ordinal))
            .Select(k => k.Name)
            .ToArray();
        Assert.True(missing.Length == 0, $"no series on demo data for: {string.Join(", ", missing)}");
        var (promtoolCode, promtoolOutput) = await Promtool.CheckMetricsAsync(stdout);
        Assert.True(promtoolCode == 0, promtoolOutput);
    }

    [Fact]
    public async Task Prometheus_ScrapesEveryKpiUp()
    {
        var down = await stack.Prometheus.QueryAsync("exporter_kpi_up == 0");
        var up = await stack.Prometheus.QueryAsync("exporter_kpi_up == 1");

        Assert.True(down.GetArrayLength() == 0, $"KPIs down: {down}");
        var configured = Exporter.Configuration.ConfigLoader.Load(stack.Config.Path).Kpis.Select(k => k.Name);
        var scrapedUp = up.EnumerateArray().Select(r => r.GetProperty("metric").GetProperty("kpi").GetString()!);
        Assert.Equal(configured.Order(StringComparer.Ordinal), scrapedUp.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RecordingRules_EveryOne_ReturnsData()
    {
        var records = Exporter.Tests.Dashboards.KnownMetrics.RecordingRules().Keys.ToArray();
        Assert.NotEmpty(records);
        var empty = new List<string>();
        foreach (var record in records)
            if ((await stack.Prometheus.QueryAsync(record)).GetArrayLength() == 0)
                empty.Add(record);

        Assert.True(empty.Count == 0, $"recording rules without data: {string.Join(", ", empty)}");
    }

    [Fact]
    public async Task Dashboards_EveryPanelQuery_ReturnsData()
    {
        var problems = new List<string>();
        var queries = Exporter.Tests.Dashboards.DashboardQueries.ForAllBoards();
        foreach (var query in queries)
        {
            try
            {
                if ((await stack.Prometheus.QueryAsync(query.Expr)).GetArrayLength() == 0 && !query.MayBeEmpty)
                    problems.Add($"empty: {query}");
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"error: {query}: {e.Message}");
            }
        }

        Assert.True(queries.Count > 100, $"only {queries.Count} dashboard queries found");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
