using YamlDotNet.RepresentationModel;

namespace Exporter.Tests.Dashboards;

/// <summary>
/// Every metric name a board may select: the KPI metrics of the built-in packs (src/Exporter/Kpis/Packs/*.yaml,
/// read as YAML), the exporter's self-metrics and probe metrics, the recording rules of prometheus/rules/*.yml,
/// and Prometheus's own <c>up</c> and <c>ALERTS</c>.
/// </summary>
public static class KnownMetrics
{
    public static readonly string[] SelfMetrics =
    [
        "exporter_kpi_up", "exporter_kpi_stale", "exporter_kpi_last_success_timestamp_seconds",
        "exporter_kpi_schedule_interval_seconds", "exporter_kpi_errors_total", "exporter_kpi_series",
        "exporter_kpi_series_dropped_total", "exporter_datasource_up", "exporter_probe_errors_total",
        "kpi_probe_success", "kpi_probe_duration_seconds",
    ];

    public static readonly string[] Histograms = ["exporter_kpi_query_duration_seconds", "kpi_probe_latency_seconds"];

    public static readonly string[] PrometheusSeries = ["up", "ALERTS", "ALERTS_FOR_STATE"];

    public static string PacksDirectory => Path.Combine(DashboardFiles.RepositoryRoot, "src", "Exporter", "Kpis", "Packs");

    public static string RulesDirectory => Path.Combine(DashboardFiles.RepositoryRoot, "prometheus", "rules");

    public static IReadOnlySet<string> All()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        names.UnionWith(PackMetrics());
        names.UnionWith(SelfMetrics);
        foreach (var histogram in Histograms)
            names.UnionWith([histogram + "_bucket", histogram + "_sum", histogram + "_count"]);
        names.UnionWith(RecordingRules().Keys);
        names.UnionWith(PrometheusSeries);
        return names;
    }

    /// <summary>
    /// The metrics the pack files publish: a KPI with one value column publishes its name; with several, one
    /// metric <c>name_column</c> per value column (as KpiDefinition.MetricName does).
    /// </summary>
    public static IReadOnlySet<string> PackMetrics()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (!Directory.Exists(PacksDirectory))
            return names;
        foreach (var file in Directory.GetFiles(PacksDirectory, "*.yaml"))
        {
            var root = (YamlMappingNode)LoadYaml(file).RootNode;
            if (!root.Children.TryGetValue(new YamlScalarNode("kpis"), out var kpis))
                continue;
            foreach (var kpi in ((YamlSequenceNode)kpis).Children.Cast<YamlMappingNode>())
            {
                var name = ((YamlScalarNode)kpi.Children[new YamlScalarNode("name")]).Value!;
                var values = kpi.Children.TryGetValue(new YamlScalarNode("values"), out var v)
                    ? ((YamlSequenceNode)v).Children.Select(c => ((YamlScalarNode)c).Value!).ToList()
                    : ["value"];
                if (values.Count == 1)
                    names.Add(name);
                else
                    names.UnionWith(values.Select(column => $"{name}_{column}"));
            }
        }
        return names;
    }

    /// <summary>Recording rule name -> its expression, from every prometheus/rules/*.yml.</summary>
    public static IReadOnlyDictionary<string, string> RecordingRules()
    {
        var rules = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(RulesDirectory, "*.yml"))
        {
            var root = (YamlMappingNode)LoadYaml(file).RootNode;
            foreach (var group in ((YamlSequenceNode)root.Children[new YamlScalarNode("groups")]).Children.Cast<YamlMappingNode>())
                foreach (var rule in ((YamlSequenceNode)group.Children[new YamlScalarNode("rules")]).Children.Cast<YamlMappingNode>())
                    if (rule.Children.TryGetValue(new YamlScalarNode("record"), out var record))
                        rules[((YamlScalarNode)record).Value!] = ((YamlScalarNode)rule.Children[new YamlScalarNode("expr")]).Value!;
        }
        return rules;
    }

    /// <summary>The raw metrics an expression reads, following recording rules down to their inputs.</summary>
    public static IReadOnlySet<string> Inputs(string expr, IReadOnlyDictionary<string, string> rules)
    {
        var inputs = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(PromQlMetricNames.In(expr));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var name))
        {
            if (!seen.Add(name))
                continue;
            if (rules.TryGetValue(name, out var ruleExpr))
                foreach (var input in PromQlMetricNames.In(ruleExpr))
                    pending.Push(input);
            else
                inputs.Add(name);
        }
        return inputs;
    }

    private static YamlDocument LoadYaml(string file)
    {
        using var reader = new StreamReader(file);
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents[0];
    }
}
