using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Exporter.Tests.Dashboards;

/// <summary>
/// Offline checks of the Grafana boards in dashboards/ (their shape is type-checked by the Foundation SDK's
/// TypeScript types when they are generated), and what types cannot say: stable unique uids, unique panel ids, the fixed Prometheus datasource, titles, units
/// and descriptions, a grid without overlaps, a TV board that fits one 1080p screen and never shows a stale
/// number, metric names that exist, variables that the query helper can substitute, and the provisioning files.
/// </summary>
public sealed partial class DashboardTests
{
    private const string DatasourceUid = "prometheus";
    private const string ExecutiveUid = "exporter-executive";
    private const string BoardsMount = "/var/lib/grafana/dashboards";
    private const string ProvisioningMount = "/etc/grafana/provisioning";

    /// <summary>The boards and their uids: links and bookmarks rely on these, so they never change.</summary>
    private static readonly Dictionary<string, string> ExpectedUids = new(StringComparer.Ordinal)
    {
        ["executive.json"] = ExecutiveUid,
        ["revenue.json"] = "exporter-revenue",
        ["product.json"] = "exporter-product",
        ["sre.json"] = "exporter-sre",
        ["marketplace.json"] = "exporter-marketplace",
        ["exporter-health.json"] = "exporter-health",
        ["breakdowns.json"] = "exporter-breakdowns",
    };

    /// <summary>
    /// The Grafana unit ids the boards may use (ids from Grafana's unit picker). An unknown id renders as a bare
    /// number with the id as a suffix, so a typo is caught here.
    /// </summary>
    private static readonly HashSet<string> GrafanaUnits = new(StringComparer.Ordinal)
    {
        "none", "short", "percent", "percentunit", "s", "ms", "dtdurations", "reqps",
        // The currencies of the pricing catalog, each shown in its own unit by a per-currency override.
        "currencyUSD", "currencyEUR", "currencyGBP", "currencyCHF", "currencyBRL", "currencyCZK", "currencyDKK",
        "currencyINR", "currencyJPY", "currencyNOK", "currencyPLN", "currencySEK", "currencyZAR",
    };

    /// <summary>Panels that only show text or structure: no query, unit or description needed.</summary>
    private static readonly HashSet<string> LayoutPanelTypes = new(StringComparer.Ordinal) { "row", "text" };

    public static TheoryData<string> Boards => new(ExpectedUids.Keys);

    [Fact]
    public void BoardsDirectory_HoldsExactlyTheExpectedBoards()
    {
        // Grafana's file provider loads every JSON file under the folder, subfolders included.
        var files = Directory.GetFiles(DashboardFiles.BoardsDirectory, "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(DashboardFiles.BoardsDirectory, f))
            .Order(StringComparer.Ordinal);

        Assert.Equal(ExpectedUids.Keys.Order(StringComparer.Ordinal), files);
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Board_Units_AreGrafanaUnitIds(string file)
    {
        var problems = new List<string>();
        foreach (var panel in DataPanels(Load(file)))
        {
            var fieldConfig = panel["fieldConfig"];
            var unit = (string?)fieldConfig?["defaults"]?["unit"];
            if (unit is null)
                problems.Add($"{panel["title"]}: no fieldConfig.defaults.unit");
            var units = new[] { unit }.Concat(
                (fieldConfig?["overrides"]?.AsArray() ?? [])
                .SelectMany(o => o!["properties"]!.AsArray())
                .Where(p => (string?)p!["id"] == "unit")
                .Select(p => (string?)p!["value"]));
            problems.AddRange(units.OfType<string>().Where(u => !GrafanaUnits.Contains(u))
                .Select(u => $"{panel["title"]}: unit '{u}' is not a Grafana unit id"));
        }

        Assert.True(problems.Count == 0, $"{file}:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void Boards_Uids_AreStableAndUnique()
    {
        var uids = ExpectedUids.Keys.ToDictionary(f => f, f => (string)Load(f)["uid"]!, StringComparer.Ordinal);

        Assert.Equal(ExpectedUids, uids);
        Assert.Equal(uids.Count, uids.Values.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Board_PanelIds_AreUnique(string file)
    {
        var ids = DashboardQueries.Panels(Load(file)).Select(p => (int?)p["id"]).ToList();

        Assert.DoesNotContain(null, ids);
        var duplicates = ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Board_Panels_HaveTitleDescriptionAndThePrometheusDatasource(string file)
    {
        var board = Load(file);
        var problems = new List<string>();
        foreach (var panel in DashboardQueries.Panels(board))
            if (string.IsNullOrWhiteSpace((string?)panel["title"]))
                problems.Add($"panel {panel["id"]}: no title");
        foreach (var panel in DataPanels(board))
        {
            var title = (string?)panel["title"];
            if (string.IsNullOrWhiteSpace((string?)panel["description"]))
                problems.Add($"{title}: no description (the KPI's definition)");
            if ((string?)panel["datasource"]?["uid"] != DatasourceUid)
                problems.Add($"{title}: datasource uid is not '{DatasourceUid}'");
            var targets = panel["targets"]?.AsArray() ?? [];
            if (targets.Count == 0)
                problems.Add($"{title}: no query");
            foreach (var target in targets)
            {
                if (string.IsNullOrWhiteSpace((string?)target!["expr"]))
                    problems.Add($"{title} [{target["refId"]}]: no expr");
                if (target["datasource"] is { } ds && (string?)ds["uid"] != DatasourceUid)
                    problems.Add($"{title} [{target["refId"]}]: datasource uid is not '{DatasourceUid}'");
            }
        }
        foreach (var variable in board["templating"]?["list"]?.AsArray() ?? [])
            if ((string?)variable!["type"] == "query" && (string?)variable["datasource"]?["uid"] != DatasourceUid)
                problems.Add($"variable {variable["name"]}: datasource uid is not '{DatasourceUid}'");
        foreach (var annotation in board["annotations"]?["list"]?.AsArray() ?? [])
            if (annotation!["builtIn"] is null && (string?)annotation["datasource"]?["uid"] != DatasourceUid)
                problems.Add($"annotation {annotation["name"]}: datasource uid is not '{DatasourceUid}'");

        Assert.True(problems.Count == 0, $"{file}:\n{string.Join("\n", problems)}");
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Board_Grid_FitsTwentyFourColumnsWithoutOverlap(string file)
    {
        var problems = new List<string>();
        var taken = new Dictionary<(int X, int Y), string>();
        // Top-level panels only: panels inside a collapsed row are placed when the row opens.
        foreach (var panel in Load(file)["panels"]!.AsArray())
        {
            var (x, y, w, h) = Grid(panel!);
            var title = (string?)panel!["title"];
            if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > 24)
                problems.Add($"{title}: gridPos x={x} w={w} leaves the 24 columns");
            for (var cx = x; cx < x + w; cx++)
                for (var cy = y; cy < y + h; cy++)
                    if (!taken.TryAdd((cx, cy), title ?? ""))
                        problems.Add($"{title}: overlaps '{taken[(cx, cy)]}' at x={cx} y={cy}");
        }

        Assert.True(problems.Count == 0, $"{file}:\n{string.Join("\n", problems.Distinct(StringComparer.Ordinal))}");
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Board_IsTaggedAndLinksTheOtherBoardsByTag(string file)
    {
        var board = Load(file);

        var tags = board["tags"]!.AsArray().Select(t => (string?)t).ToList();
        Assert.Contains("exporter", tags);
        Assert.Contains(board["links"]!.AsArray(), l =>
            (string?)l!["type"] == "dashboards" && l["tags"]!.AsArray().Any(t => (string?)t == "exporter"));
    }

    [Fact]
    public void ExecutiveBoard_IsATvBoardThatFitsOneScreen()
    {
        var board = Load("executive.json");
        var panels = board["panels"]!.AsArray().Select(p => p!).ToList();

        Assert.False((bool?)board["editable"]);
        Assert.Equal("1m", (string?)board["refresh"]);
        Assert.True((bool?)board["timepicker"]?["hidden"]);
        // 1080p in kiosk mode holds about 24 grid rows (30 px + 8 px margin each): no scrolling.
        Assert.InRange(panels.Max(p => Grid(p).Y + Grid(p).H), 1, 24);
        Assert.InRange(panels.Count, 6, 12);
        Assert.All(panels, p => Assert.Equal("stat", (string?)p["type"]));
        // Big tiles with a background colour; every KPI tile has a sparkline.
        Assert.All(panels, p => Assert.Equal("background", (string?)p["options"]!["colorMode"]));
        var kpiTiles = panels.Where(p => !IsDataAsOfTile(p)).ToList();
        Assert.All(kpiTiles, p => Assert.Equal("area", (string?)p["options"]!["graphMode"]));
        // A "data as of" tile: the age of the oldest KPI refresh, in seconds.
        var dataAsOf = Assert.Single(panels, IsDataAsOfTile);
        Assert.Contains((string?)dataAsOf["fieldConfig"]!["defaults"]!["unit"], new[] { "s", "dtdurations" });
    }

    [Fact]
    public void ExecutiveBoard_EveryKpiTile_ShowsNoDataWhenAnInputIsStale()
    {
        // A range query (for the sparkline) would keep the points from before a KPI went stale, and the stat's
        // reducer would show that last good value. So each tile keeps its whole series only while every SQL KPI
        // it reads is fresh at the end of the range (exporter_kpi_stale{kpi=...} @ end() == 0), and a probe
        // tile only while probes report at the end of the range (kpi_probe_success @ end()).
        var rules = KnownMetrics.RecordingRules();
        var problems = new List<string>();
        foreach (var panel in Load("executive.json")["panels"]!.AsArray().Where(p => !IsDataAsOfTile(p!)))
            foreach (var target in panel!["targets"]!.AsArray())
            {
                var expr = (string)target!["expr"]!;
                var inputs = KnownMetrics.Inputs(expr, rules).ToList();
                var guarded = StaleGuard().Matches(expr)
                    .SelectMany(m => m.Groups["kpis"].Value.Split('|'))
                    .ToHashSet(StringComparer.Ordinal);
                var sqlKpis = inputs.Where(n => n.StartsWith("kpi_", StringComparison.Ordinal) && !n.StartsWith("kpi_probe_", StringComparison.Ordinal));
                problems.AddRange(sqlKpis.Where(k => !guarded.Contains(k))
                    .Select(k => $"{panel["title"]}: {k} is not in an 'exporter_kpi_stale{{kpi=...}} @ end()' guard"));
                if (inputs.Any(n => n.StartsWith("kpi_probe_", StringComparison.Ordinal)) && !ProbeGuard().IsMatch(expr))
                    problems.Add($"{panel["title"]}: reads probes without a 'kpi_probe_success @ end()' guard");
            }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void ExecutiveBoard_EveryTile_LinksToTheBoardThatExplainsIt()
    {
        var uids = ExpectedUids.Values.Where(u => u != ExecutiveUid).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var panel in Load("executive.json")["panels"]!.AsArray())
        {
            var links = panel!["fieldConfig"]?["defaults"]?["links"]?.AsArray() ?? [];
            var targets = links.Select(l => BoardLink().Match((string?)l!["url"] ?? "")).Where(m => m.Success).Select(m => m.Groups["uid"].Value).ToList();
            if (targets.Count == 0)
                problems.Add($"{panel["title"]}: no data link to another board (/d/<uid>?var-source=${{source}}&...)");
            problems.AddRange(targets.Where(u => !uids.Contains(u)).Select(u => $"{panel["title"]}: links to '{u}', not one of {string.Join(", ", uids)}"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void ExecutiveBoard_VariablesHoldOneValue_AndMonthOverMonthTilesCoverThirtyDays()
    {
        // One value per tile: every variable of the TV board selects exactly one value (no multi, no "All").
        var board = Load("executive.json");
        Assert.All(board["templating"]!["list"]!.AsArray(), v =>
        {
            Assert.False((bool?)v!["multi"]);
            Assert.False((bool?)v["includeAll"]);
        });
        // Month over month: the percent change compares the first and last values of the tile's range.
        var changes = board["panels"]!.AsArray().Where(p => (bool?)p!["options"]!["showPercentChange"] == true).ToList();
        Assert.Equal(["MRR", "Paying customers", "Customer churn (30 days)", "CSAT (30 days)", "Stickiness (DAU / MAU)", "Course completion (90 days)"],
            changes.Select(p => (string?)p!["title"]));
        Assert.All(changes, p => Assert.Equal("30d", (string?)p!["timeFrom"]));
        Assert.Equal("inverted", (string?)changes.Single(p => (string?)p!["title"] == "Customer churn (30 days)")!["options"]!["percentChangeColorMode"]);
    }

    [Theory]
    [InlineData("executive.json")]
    [InlineData("revenue.json")]
    [InlineData("product.json")]
    [InlineData("sre.json")]
    [InlineData("breakdowns.json")]
    public void Board_BusinessAlertAnnotations_NameEveryBusinessAlert(string file)
    {
        var business = File.ReadAllLines(Path.Combine(KnownMetrics.RulesDirectory, "business.alerts.yml"))
            .Select(l => AlertLine().Match(l)).Where(m => m.Success).Select(m => m.Groups["name"].Value)
            .Order(StringComparer.Ordinal).ToList();
        var annotation = Assert.Single(Load(file)["annotations"]!["list"]!.AsArray(), a => (string?)a!["name"] == "Business alerts");
        var named = AnnotatedAlerts().Match((string)annotation!["expr"]!).Groups["names"].Value.Split('|').Order(StringComparer.Ordinal);

        Assert.Equal(9, business.Count);
        Assert.Equal(business, named);
    }

    [Fact]
    public void SreBoard_UptimeRow_PutsEveryKpiOnTheSameWindows()
    {
        // The row's panels sit side by side on one time axis; each reads trailing 7- and/or 30-day windows
        // (a window label, or a recording rule named after its window), never a mix with other windows.
        var panels = Load("sre.json")["panels"]!.AsArray().Select(p => p!).ToList();
        var row = panels.FindIndex(p => (string?)p["type"] == "row" && ((string?)p["title"])!.StartsWith("Uptime next to customer satisfaction", StringComparison.Ordinal));
        Assert.True(row >= 0);
        var rowY = Grid(panels[row]).Y;
        var inRow = panels.Where(p => (string?)p["type"] != "row" && Grid(p).Y == rowY + 1).ToList();
        var windows = inRow.ToDictionary(
            p => (string)p["title"]!,
            p => p["targets"]!.AsArray().SelectMany(t => WindowOf().Matches((string)t!["expr"]!).Select(m => m.Groups["w"].Value)).ToHashSet(StringComparer.Ordinal));

        Assert.Equal(5, inRow.Count);
        Assert.Equal(24, inRow.Sum(p => Grid(p).W));
        Assert.All(windows, w => Assert.NotEmpty(w.Value));
        Assert.All(windows, w => Assert.Subset(new HashSet<string>(WindowsOfTheRow, StringComparer.Ordinal), w.Value));
    }

    /// <summary>The windows of the SRE board's uptime row: every KPI of the row over each of them.</summary>
    private static readonly string[] WindowsOfTheRow = ["7d", "30d"];

    [Theory]
    [InlineData("age_band", "kpi_nps_by_age_band")]
    [InlineData("sector", "kpi_nps_by_sector")]
    [InlineData("device", "kpi_nps_by_device")]
    [InlineData("country", "kpi_mrr_by_country")]
    [InlineData("channel", "kpi_mrr_by_channel")]
    [InlineData("channel", "kpi_customer_churn_by_channel_ratio")]
    public void BreakdownsBoard_EveryGroupIsAVariable_ThatItsPanelsFilterBy(string label, string metric)
    {
        var board = Load("breakdowns.json");
        var variable = Assert.Single(board["templating"]!["list"]!.AsArray(), v => (string?)v!["name"] == label);
        Assert.True((bool?)variable!["multi"]);
        Assert.True((bool?)variable["includeAll"]);
        var exprs = DashboardQueries.Panels(board).SelectMany(p => p["targets"]?.AsArray() ?? []).Select(t => (string)t!["expr"]!)
            .Where(e => e.Contains(metric + "{", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(exprs);
        Assert.All(exprs, e => Assert.Contains($"{label}=~\"${label}\"", e, StringComparison.Ordinal));
    }

    [Fact]
    public void BreakdownsBoard_Cohorts_AreAMatrixOfSignupMonthBySinceMonth()
    {
        var cohorts = Assert.Single(DashboardQueries.Panels(Load("breakdowns.json")), p => (string?)p["title"] == "Retention by signup cohort");
        var matrix = Assert.Single(cohorts["transformations"]!.AsArray());

        Assert.Equal("table", (string?)cohorts["type"]);
        Assert.Equal("groupingToMatrix", (string?)matrix!["id"]);
        Assert.Equal("cohort", (string?)matrix["options"]!["rowField"]);
        Assert.Equal("month", (string?)matrix["options"]!["columnField"]);
        Assert.Equal("percentunit", (string?)cohorts["fieldConfig"]!["defaults"]!["unit"]);
    }

    [Fact]
    public void DockerCompose_PrometheusRetention_CoversTheLongestWindowOfAnyPanelOrRule()
    {
        // A panel needs its time range (the panel's timeFrom or the board's) plus the ranges and offsets its
        // query reaches back; a rule needs its ranges and offsets. (A window label such as window="30d" is
        // computed by the SQL KPI, not by Prometheus.)
        var compose = File.ReadAllText(Path.Combine(DashboardFiles.RepositoryRoot, "docker-compose.yml"));
        var retention = Days(Regex.Match(compose, @"--storage\.tsdb\.retention\.time=(?<d>\w+)").Groups["d"].Value);
        var needs = new List<(double Days, string Where)>();
        foreach (var file in ExpectedUids.Keys)
        {
            var board = Load(file);
            var span = Days(((string)board["time"]!["from"]!).Replace("now-", "", StringComparison.Ordinal));
            foreach (var panel in DashboardQueries.Panels(board))
                foreach (var target in panel["targets"]?.AsArray() ?? [])
                {
                    var shown = (string?)panel["timeFrom"] is { } from ? Days(from) : span;
                    needs.Add((shown + Reach((string)target!["expr"]!), $"{file}: {panel["title"]}"));
                }
        }
        foreach (var (name, expr) in KnownMetrics.RecordingRules())
            needs.Add((Reach(expr), $"rule {name}"));
        foreach (var file in Directory.GetFiles(KnownMetrics.RulesDirectory, "*.alerts.yml"))
            needs.AddRange(AlertExpr().Matches(File.ReadAllText(file)).Select(m => (Reach(m.Value), $"alert in {Path.GetFileName(file)}")));
        var longest = needs.MaxBy(n => n.Days);

        // The 30-day tiles and 30-day rule windows, and the business alerts' offset 30d.
        Assert.True(longest.Days == 30, $"longest: {longest.Days}d by {longest.Where}");
        // A margin: the sample exactly 30 days back must still be there (retention drops whole blocks).
        Assert.True(retention >= longest.Days + 7, $"retention {retention}d < {longest.Days}d + 7d needed by {longest.Where}");
        Assert.Equal(90, retention);
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Board_MetricNames_ExistInPacksRulesOrSelfMetrics(string file)
    {
        var known = KnownMetrics.All();
        var board = Load(file);
        var used = new List<(string Where, string Metric)>();
        foreach (var panel in DashboardQueries.Panels(board))
            foreach (var target in panel["targets"]?.AsArray() ?? [])
                if ((string?)target!["expr"] is { } expr)
                    used.AddRange(PromQlMetricNames.In(expr).Select(m => ($"{panel["title"]} [{target["refId"]}]", m)));
        foreach (var annotation in board["annotations"]?["list"]?.AsArray() ?? [])
            if ((string?)annotation!["expr"] is { } expr)
                used.AddRange(PromQlMetricNames.In(expr).Select(m => ($"annotation {annotation["name"]}", m)));
        foreach (var variable in board["templating"]?["list"]?.AsArray() ?? [])
            if (variable!["query"] is JsonValue query && PromQlMetricNames.InLabelValuesQuery((string)query!) is { } metric)
                used.Add(($"variable {variable["name"]}", metric));

        var unknown = used.Where(u => !known.Contains(u.Metric)).Select(u => $"{u.Where}: {u.Metric}").ToList();

        Assert.NotEmpty(used);
        Assert.True(unknown.Count == 0,
            $"{file}: metrics that no pack file ({KnownMetrics.PackMetrics().Count} metrics in {KnownMetrics.PacksDirectory}), " +
            $"self-metric or recording rule defines:\n{string.Join("\n", unknown)}");
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Board_ReplicaServedSeries_AreCollapsedOverReplicas(string file)
    {
        // Every exporter replica of a cluster serves the same KPI series and KPI self-metrics, differing only in
        // instance (and pod): a panel that sums, counts or shows them raw would count or show each once per
        // replica. Each selector of such a metric must be collapsed first (max/min without (instance, pod), around
        // the selector or its increase/rate), or be an argument of max/min (copies do not change them) or of a
        // histogram quantile's sum by (le) (a quantile does not change when every bucket is multiplied).
        var problems = new List<string>();
        foreach (var panel in DashboardQueries.Panels(Load(file)))
            foreach (var target in panel["targets"]?.AsArray() ?? [])
            {
                var text = Regex.Replace(Regex.Replace((string?)target!["expr"] ?? "", "\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""), @"\{[^{}]*\}", "{}");
                foreach (Match m in ReplicaServedMetric().Matches(text))
                    if (!CollapsedOverReplicas().IsMatch(text[..m.Index]))
                        problems.Add($"{panel["title"]} [{target["refId"]}]: {m.Value} is not collapsed over replicas in {target["expr"]}");
            }

        Assert.True(problems.Count == 0, $"{file}:\n{string.Join("\n", problems)}");
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Board_Variables_AppearOnlyInRegexMatchers(string file)
    {
        // DashboardQueries substitutes every variable by ".*", which is only right inside =~"..." matchers.
        var board = Load(file);
        var names = DashboardQueries.Variables(board).Keys.ToList();
        var problems = new List<string>();
        foreach (var panel in DashboardQueries.Panels(board))
            foreach (var target in panel["targets"]?.AsArray() ?? [])
            {
                var outsideMatchers = RegexMatcher().Replace((string?)target!["expr"] ?? "", "");
                problems.AddRange(names.Where(n => Regex.IsMatch(outsideMatchers, $@"\$\{{?{Regex.Escape(n)}\b|\[\[{Regex.Escape(n)}\b"))
                    .Select(n => $"{panel["title"]} [{target["refId"]}]: ${n} outside a =~\"...\" matcher"));
            }

        Assert.True(problems.Count == 0, $"{file}:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void DashboardQueries_ForAllBoards_SubstituteEveryVariableAndMacro()
    {
        var queries = DashboardQueries.ForAllBoards();

        Assert.Equal(ExpectedUids.Values.Order(StringComparer.Ordinal), queries.Select(q => q.Board).Distinct().Order(StringComparer.Ordinal));
        Assert.All(queries, q => Assert.DoesNotContain("$", q.Expr, StringComparison.Ordinal));
        Assert.All(queries, q => Assert.DoesNotContain("[[", q.Expr, StringComparison.Ordinal));
        Assert.Contains(queries, q => q.MayBeEmpty && q.Expr.StartsWith("ALERTS{", StringComparison.Ordinal));
        Assert.All(queries.Where(q => !q.MayBeEmpty), q => Assert.NotNull(q.PanelId));
    }

    [Fact]
    public void Substitute_VariablesAndMacros_BecomeValuesPrometheusAccepts()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["source"] = ".*", ["env"] = "prod" };

        var expr = DashboardQueries.Substitute(
            """rate(x{source=~"$source", a=~"${source:regex}", b="[[env]]"}[$__rate_interval]) / $__interval_ms + y[$__interval] + z[$__range] * $__range_s""",
            variables);

        Assert.Equal("""rate(x{source=~".*", a=~".*", b="prod"}[1m]) / 60000 + y[1m] + z[1h] * 3600""", expr);
    }

    [Fact]
    public void PromQlMetricNames_In_SkipsFunctionsLabelsKeywordsAndDurations()
    {
        var names = PromQlMetricNames.In("""
            sum by (currency) (kpi_mrr{source=~"a|b", kpi="kpi_not_a_metric"} offset 1d)
            / on (source) group_left (segment) histogram_quantile(0.95, rate(h_bucket[5m]))
            and on() (max(exporter_kpi_stale{kpi="x"} @ end()) == 1e3) or label_replace(vector(0), "a", "b", "", "")
            """);

        Assert.Equal(new[] { "exporter_kpi_stale", "h_bucket", "kpi_mrr" }, names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Provisioning_PointsAtThePrometheusDatasourceAndTheBoardsFolder()
    {
        var datasources = LoadYaml(Path.Combine(DashboardFiles.ProvisioningDirectory, "datasources", "prometheus.yml"));
        var prometheus = Assert.Single(((YamlSequenceNode)datasources["datasources"]).Children.Cast<YamlMappingNode>());
        Assert.Equal(DatasourceUid, Scalar(prometheus, "uid"));
        Assert.Equal("prometheus", Scalar(prometheus, "type"));
        Assert.Equal("http://prometheus:9090", Scalar(prometheus, "url"));

        var dashboards = LoadYaml(Path.Combine(DashboardFiles.ProvisioningDirectory, "dashboards", "exporter.yml"));
        var provider = Assert.Single(((YamlSequenceNode)dashboards["providers"]).Children.Cast<YamlMappingNode>());
        Assert.Equal("file", Scalar(provider, "type"));
        Assert.Equal("Exporter", Scalar(provider, "folder"));
        Assert.Equal(BoardsMount, Scalar((YamlMappingNode)provider["options"], "path"));
    }

    [Fact]
    public void Provisioning_MountsAreDocumentedAndMatchDockerCompose()
    {
        // docker-compose mounts ./dashboards/provisioning at Grafana's provisioning folder and ./dashboards at the
        // path the file provider reads. The README states it; docker-compose.yml, once it exists, must agree.
        string[] mounts = [$"./dashboards/provisioning:{ProvisioningMount}", $"./dashboards:{BoardsMount}"];
        var readme = File.ReadAllText(Path.Combine(DashboardFiles.BoardsDirectory, "README.md"));
        Assert.All(mounts, m => Assert.Contains(m, readme, StringComparison.Ordinal));

        var compose = Path.Combine(DashboardFiles.RepositoryRoot, "docker-compose.yml");
        if (File.Exists(compose))
        {
            var text = File.ReadAllText(compose);
            Assert.All(mounts, m => Assert.Matches($@"{Regex.Escape(m)}(:ro)?\b", text));
        }
    }

    private static string BoardPath(string file) => Path.Combine(DashboardFiles.BoardsDirectory, file);

    private static JsonNode Load(string file) => JsonNode.Parse(File.ReadAllText(BoardPath(file)))!;

    private static IEnumerable<JsonNode> DataPanels(JsonNode board) =>
        DashboardQueries.Panels(board).Where(p => !LayoutPanelTypes.Contains((string?)p["type"] ?? ""));

    private static (int X, int Y, int W, int H) Grid(JsonNode panel)
    {
        var grid = panel["gridPos"]!;
        return ((int)grid["x"]!, (int)grid["y"]!, (int)grid["w"]!, (int)grid["h"]!);
    }

    /// <summary>How far back an expression reads: its longest range plus its longest offset, in days.</summary>
    private static double Reach(string expr) =>
        RangeOf().Matches(expr).Select(m => Days(m.Groups["d"].Value)).DefaultIfEmpty(0).Max()
        + OffsetOf().Matches(expr).Select(m => Days(m.Groups["d"].Value)).DefaultIfEmpty(0).Max();

    private static double Days(string duration)
    {
        var m = Regex.Match(duration, @"^(?<n>\d+)(?<u>[smhdw])$");
        Assert.True(m.Success, $"not a duration: {duration}");
        var n = double.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return m.Groups["u"].Value switch { "s" => n / 86400, "m" => n / 1440, "h" => n / 24, "d" => n, _ => n * 7 };
    }

    private static bool IsDataAsOfTile(JsonNode panel) =>
        panel["targets"]!.AsArray().Any(t => ((string?)t!["expr"])?.Contains("exporter:kpi_age_seconds:max", StringComparison.Ordinal) == true);

    private static YamlMappingNode LoadYaml(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    [GeneratedRegex("""exporter_kpi_stale\{kpi=~?"(?<kpis>[^"]+)"[^}]*\}\s*@\s*end\(\)""")]
    private static partial Regex StaleGuard();

    [GeneratedRegex(@"kpi_probe_success(\{[^}]*\})?\s*@\s*end\(\)")]
    private static partial Regex ProbeGuard();

    // Metrics every replica serves identically: SQL KPIs and probes (kpi_*, not recording rules: those have a colon)
    // and the KPI and probe self-metrics. Per replica: up, process_*, dotnet_*, exporter_cluster_*,
    // exporter_config_last_reload_*, exporter_datasource_up.
    [GeneratedRegex(@"(?<![\w:])(?:kpi_\w+|exporter_kpi_\w+|exporter_probe_\w+)(?![\w:(])")]
    private static partial Regex ReplicaServedMetric();

    [GeneratedRegex(@"(?:(?:max|min) without \(instance, pod\) \((?:(?:increase|rate)\()?|(?:max|min)(?: by \([^()]*\))? \(|(?:max|min)\(|histogram_quantile\([0-9.]+, sum by \(le(?:, [a-z_]+)*\) \(rate\()\s*$")]
    private static partial Regex CollapsedOverReplicas();

    [GeneratedRegex(@"=~\s*""(?:[^""\\]|\\.)*""")]
    private static partial Regex RegexMatcher();

    [GeneratedRegex(@"window=""(?<w>\w+)""|(?:rate|_)(?<w>7d|30d|90d)\b")]
    private static partial Regex WindowOf();

    [GeneratedRegex(@"\[(?<d>\d+[smhdw])(?::\d+[smhdw])?\]")]
    private static partial Regex RangeOf();

    [GeneratedRegex(@"offset\s+(?<d>\d+[smhdw])")]
    private static partial Regex OffsetOf();

    [GeneratedRegex(@"(?<=expr: \|\n)(?:\s{10}.*\n)+|(?<=expr: ).+")]
    private static partial Regex AlertExpr();

    [GeneratedRegex(@"^/d/(?<uid>[a-z0-9-]+)\?")]
    private static partial Regex BoardLink();

    [GeneratedRegex(@"^\s*- alert: (?<name>\w+)\s*$")]
    private static partial Regex AlertLine();

    [GeneratedRegex(@"alertname=~""(?<names>[^""]+)""")]
    private static partial Regex AnnotatedAlerts();
}
