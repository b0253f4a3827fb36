namespace Exporter.Configuration;

public static partial class ConfigLoader
{
    /// <summary>
    /// The enabled packs' KPIs, each replaced field by field by a user KPI of the same name, then the
    /// user's own KPIs; defaults applied and every field checked. A built-in KPI's file and line are the
    /// pack's entry in the user's <c>packs:</c> (or the user's override), never the pack file inside the exporter:
    /// that is where the user can act on an error.
    /// </summary>
    private static List<KpiDefinition> ResolveKpis(
        YamlMap root,
        ConfigReadContext context,
        string ns,
        DefaultsDefinition defaults,
        IReadOnlyList<DatasourceDefinition> datasources,
        IReadOnlyList<Pack> packs,
        IReadOnlyDictionary<string, int> packLines,
        Dictionary<string, Dictionary<string, object>> settings)
    {
        var builtIns = new Dictionary<string, (KpiSpec Spec, Pack Pack)>(StringComparer.Ordinal);
        foreach (var pack in packs)
        {
            var line = packLines.TryGetValue(pack.Name, out var packLine) ? packLine : root.LineOf("packs");
            foreach (var spec in pack.Kpis)
                builtIns[ApplyNamespace(spec.Name, ns)] = (spec with
                {
                    Name = ApplyNamespace(spec.Name, ns),
                    File = context.File,
                    Line = line,
                    FieldLines = new Dictionary<string, int>(),
                }, pack);
        }

        var userSpecs = root.MappingList("kpis").Select(node => KpiSpec.Read(node, context)).OfType<KpiSpec>().ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in userSpecs.Where(spec => !seen.Add(spec.Name)))
            context.Error(spec.Line, $"kpi '{spec.Name}' is defined twice");

        var result = new List<KpiDefinition>();
        foreach (var (name, (spec, pack)) in builtIns)
        {
            var user = userSpecs.FirstOrDefault(u => u.Name == name);
            var merged = user is null ? spec : spec.OverriddenBy(user);
            var parameters = (IReadOnlyDictionary<string, object>)settings[pack.Name];
            Add(merged with { Schedule = merged.Schedule ?? pack.Schedule }, pack.Name, parameters);
        }
        foreach (var user in userSpecs.Where(u => !builtIns.ContainsKey(u.Name)).DistinctBy(u => u.Name))
            Add(user, null, new Dictionary<string, object>());
        return result;

        void Add(KpiSpec spec, string? pack, IReadOnlyDictionary<string, object> parameters)
        {
            if (Validate(spec, context, datasources) is not { } targets)
                return;
            result.Add(new KpiDefinition(
                spec.Name,
                HelpText.Normalize(spec.Help ?? $"User-defined KPI {spec.Name}."),
                spec.Sql!,
                spec.Labels,
                spec.Values ?? ["value"],
                spec.Schedule ?? defaults.Schedule,
                spec.Timeout ?? defaults.Timeout,
                spec.LockTimeout ?? defaults.LockTimeout,
                spec.MaxSeries ?? defaults.MaxSeries,
                spec.StaleAfter ?? defaults.StaleAfter,
                targets,
                parameters,
                pack,
                spec.File,
                spec.Line,
                spec.MySqlSql));
        }
    }

    /// <summary>Built-in names are written with the default prefix and renamed into the configured namespace.</summary>
    private static string ApplyNamespace(string name, string ns) =>
        name.StartsWith(BuiltInPrefix, StringComparison.Ordinal) ? ns + name[BuiltInPrefix.Length..] : name;

    /// <summary>Checks a KPI's fields; returns the datasources it runs on, or null when it is invalid.</summary>
    private static IReadOnlyList<string>? Validate(KpiSpec spec, ConfigReadContext context, IReadOnlyList<DatasourceDefinition> datasources)
    {
        var errorsBefore = context.Errors.Count;
        void Error(string message, string field = "name") =>
            context.Errors.Add(new ConfigError(spec.File, spec.LineOf(field), $"kpi '{spec.Name}': {message}"));

        if (!PrometheusNames.IsMetricName(spec.Name))
            Error("the name is not a valid Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
        if (spec.Timeout > MaxKpiTimeout)
            Error($"timeout {Model.Duration.Format(spec.Timeout.Value)} is longer than {Model.Duration.Format(MaxKpiTimeout)}", "timeout");
        // The SQL is read as each engine it runs on reads it.
        var engines = datasources.Where(d => spec.Datasource is null || d.Name == spec.Datasource).Select(d => d.Engine).Distinct().Order().ToArray();
        string SqlFor(DatabaseEngine engine) => engine == DatabaseEngine.MySql && spec.MySqlSql is { } mysql ? mysql : spec.Sql!;
        if (string.IsNullOrWhiteSpace(spec.Sql))
            Error("'sql' is required");
        else if (spec.MySqlSql is { } mysqlSql && string.IsNullOrWhiteSpace(mysqlSql))
            Error("'sql_mysql' is empty", "sql_mysql");
        else if (engines.Select(engine => (Engine: engine, Problem: KpiSqlRules.Check(SqlFor(engine), engine))).FirstOrDefault(c => c.Problem is not null) is
                 { Problem: { } problem } check)
            Error(problem, check.Engine == DatabaseEngine.MySql && spec.MySqlSql is not null ? "sql_mysql" : "sql");
        var values = spec.Values ?? ["value"];
        if (values.Count == 0)
            Error("'values' must name at least one column", "values");
        foreach (var column in values.Where(c => !PrometheusNames.IsLabelName(c)))
            Error($"'{column}' is not a valid column name", "values");
        foreach (var column in (spec.Labels ?? []).Where(c => !PrometheusNames.IsLabelName(c)))
            Error($"'{column}' is not a valid label name", "labels");
        foreach (var column in (spec.Labels ?? []).Where(PrometheusNames.IsReservedLabel))
            Error($"'{column}' is reserved by Prometheus for histograms and summaries; KPIs are gauges, rename it", "labels");
        foreach (var label in (spec.Labels ?? []).Where(l => l == "source"))
            Error("'source' is added by the exporter (the datasource name) and cannot be a label column", "labels");
        foreach (var label in (spec.Labels ?? []).Intersect(values, StringComparer.Ordinal))
            Error($"column '{label}' cannot be both a label and a value", "labels");
        if (spec.Labels is { } labels && labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
            Error("'labels' lists a column twice", "labels");

        IReadOnlyList<string> targets = datasources.Select(d => d.Name).ToArray();
        if (spec.Datasource is { } wanted)
        {
            if (datasources.Any(d => d.Name == wanted))
                targets = [wanted];
            else
                Error($"unknown datasource '{wanted}' (defined: {string.Join(", ", targets)})", "datasource");
        }

        return context.Errors.Count > errorsBefore ? null : targets;
    }

    private static readonly TimeSpan MaxKpiTimeout = TimeSpan.FromDays(1);

    private static void CheckMetricNamesUnique(IReadOnlyList<KpiDefinition> kpis, string ns, List<ConfigError> errors)
    {
        var owners = new Dictionary<string, KpiDefinition>(StringComparer.Ordinal);
        foreach (var kpi in kpis)
        {
            foreach (var metric in kpi.Values.Select(kpi.MetricName))
            {
                if (ReservedMetricNames.IsReserved(metric, ns))
                    errors.Add(new ConfigError(kpi.File, kpi.Line, $"kpi '{kpi.Name}': metric name '{metric}' is reserved for the exporter's own metrics"));
                else if (!owners.TryAdd(metric, kpi))
                    errors.Add(new ConfigError(kpi.File, kpi.Line, $"kpi '{kpi.Name}': metric '{metric}' is already published by kpi '{owners[metric].Name}'"));
            }
        }
    }
}
