using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.EndToEnd;

/// <summary>End to end over demo data: every pack's metrics, every recording rule, in a real Prometheus.</summary>
[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
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
    public async Task Dashboards_AndRecordingRules_WithTwoReplicas_GiveTheSeriesOfOne()
    {
        // Every replica of a cluster serves the same KPI series; Prometheus gets them once per replica. Each panel
        // query and recording rule must give the same series (label sets) as with one exporter: not one per
        // replica, not a many-to-many error. Values may differ by a scrape's timing, so only series are compared,
        // and a difference is asked again a few times (a series of a trailing 5-minute window may come and go).
        var problems = new List<string>();
        var exprs = Exporter.Tests.Dashboards.DashboardQueries.ForAllBoards().Where(q => !q.MayBeEmpty).Select(q => (Name: q.ToString(), q.Expr))
            .Concat(Exporter.Tests.Dashboards.KnownMetrics.RecordingRules().Keys.Select(r => (Name: r, Expr: r)))
            .ToList();
        foreach (var (name, expr) in exprs)
        {
            try
            {
                List<string> one = [], two = [];
                for (var attempt = 0; attempt < 5; attempt++)
                {
                    if (attempt > 0)
                        await Task.Delay(TimeSpan.FromSeconds(2));
                    one = SeriesOf(await stack.Prometheus.QueryAsync(expr));
                    two = SeriesOf(await stack.TwoReplicas.QueryAsync(expr));
                    if (one.SequenceEqual(two, StringComparer.Ordinal))
                        break;
                }
                if (!one.SequenceEqual(two, StringComparer.Ordinal))
                    problems.Add($"{name}\n  one exporter: {string.Join(" ", one)}\n  two replicas: {string.Join(" ", two)}");
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"error: {name}: {e.Message}");
            }
        }

        Assert.True(exprs.Count > 150, $"only {exprs.Count} queries and rules found");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The label sets of a query result, each as one sorted string, sorted.</summary>
    private static List<string> SeriesOf(JsonElement result) =>
        result.EnumerateArray()
            .Select(r => string.Join(",", r.GetProperty("metric").EnumerateObject().Select(l => $"{l.Name}={l.Value.GetString()}").Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();

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
