using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
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

    [Fact]
    public async Task ExecutiveBoard_EveryTile_ShowsExactlyOneValue()
    {
        // The TV board's variables take their first value, as Grafana does on a kiosk screen without URL
        // parameters; then every tile's query must return exactly one series (one value per tile).
        var path = Path.Combine(Exporter.Tests.Dashboards.DashboardFiles.BoardsDirectory, "executive.json");
        var board = JsonNode.Parse(File.ReadAllText(path))!;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in board["templating"]!["list"]!.AsArray())
        {
            var query = Exporter.Tests.Dashboards.DashboardQueries.Substitute((string)variable!["query"]!, values);
            var m = Regex.Match(query, @"^label_values\((?<selector>.+),\s*(?<label>\w+)\)$");
            Assert.True(m.Success, query);
            var label = m.Groups["label"].Value;
            var found = await stack.Prometheus.QueryAsync($"group by ({label}) ({m.Groups["selector"].Value})");
            var first = found.EnumerateArray().Select(r => r.GetProperty("metric").GetProperty(label).GetString()!).Order(StringComparer.Ordinal).FirstOrDefault();
            Assert.True(first is not null, $"variable {variable["name"]}: no value for {query}");
            values[(string)variable["name"]!] = Regex.Escape(first);
        }

        var counts = new List<string>();
        foreach (var panel in board["panels"]!.AsArray())
            foreach (var target in panel!["targets"]!.AsArray())
            {
                var expr = Exporter.Tests.Dashboards.DashboardQueries.Substitute((string)target!["expr"]!, values);
                var series = (await stack.Prometheus.QueryAsync(expr)).GetArrayLength();
                if (series != 1)
                    counts.Add($"{panel["title"]}: {series} series for {expr}");
            }

        Assert.Equal(4, values.Count);
        Assert.True(counts.Count == 0, string.Join("\n", counts));
    }
}
