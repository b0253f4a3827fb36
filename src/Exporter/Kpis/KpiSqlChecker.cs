using System.Data.Common;
using Exporter.Configuration;
using Exporter.Datasources;
using MySqlConnector;
using Npgsql;

namespace Exporter.Kpis;

/// <summary>
/// <c>validate --connect</c>: prepares (parses and plans, never runs) every KPI's SQL on its datasource, exactly
/// as the runner sends it, and checks each datasource's login for more privilege than KPIs need.
/// A datasource that cannot be reached is one problem at the datasource's line (its KPIs are not checked);
/// SQL problems are reported at the KPI's line (a built-in's: the pack's entry in <c>packs:</c>); privilege
/// warnings at the datasource's line.
/// </summary>
public static class KpiSqlChecker
{
    public sealed record Report(IReadOnlyList<ConfigError> Problems, IReadOnlyList<ConfigError> Warnings);

    public static async Task<Report> CheckAsync(ExporterDefinition definition, CancellationToken cancellationToken)
    {
        var problems = new List<ConfigError>();
        var warnings = new List<ConfigError>();
        await using var datasources = new DatasourceRegistry(definition);
        var tablesRead = definition.Datasources.ToDictionary(d => d.Name, _ => new SortedSet<string>(StringComparer.Ordinal));
        var unreachable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var datasource in definition.Datasources)
        {
            if (await datasources.Get(datasource.Name).ProbeAsync(cancellationToken) is not { } error)
                continue;
            unreachable.Add(datasource.Name);
            var kpis = definition.Targets.Count(t => t.Source == datasource.Name);
            problems.Add(new ConfigError(datasource.File, datasource.Line,
                $"datasource '{datasource.Name}' cannot be reached: {definition.Redactor.Redact(error)} ({kpis} KPI(s) on it not checked)"));
        }
        foreach (var target in definition.Targets.Where(t => !unreachable.Contains(t.Source)))
        {
            var kpi = target.Kpi;
            var datasource = datasources.Get(target.Source);
            try
            {
                await using var connection = await datasource.DataSource.OpenConnectionAsync(cancellationToken);
                tablesRead[target.Source].UnionWith(await datasource.Driver.PrepareAsync(
                    connection, new QueryText(kpi.SqlFor(datasource.Engine), kpi.Parameters), kpi.Timeout, kpi.LockTimeout, cancellationToken));
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or NotSupportedException or TimeoutException)
            {
                var message = e switch
                {
                    PostgresException p => $"{p.SqlState}: {p.MessageText}",
                    MySqlException m => $"{m.Number}: {m.Message}",
                    _ => e.Message,
                };
                var pack = kpi.Pack is null ? "" : $" (pack {kpi.Pack})";
                problems.Add(new ConfigError(kpi.File, kpi.Line,
                    $"kpi '{kpi.Name}'{pack} on datasource '{target.Source}': {definition.Redactor.Redact(message)}"));
            }
        }
        foreach (var datasource in definition.Datasources.Where(d => !unreachable.Contains(d.Name)))
        {
            try
            {
                var source = datasources.Get(datasource.Name);
                await using var connection = await source.DataSource.OpenConnectionAsync(cancellationToken);
                foreach (var warning in await source.Driver.PrivilegeWarningsAsync(connection, tablesRead[datasource.Name], cancellationToken))
                    warnings.Add(new ConfigError(datasource.File, datasource.Line, $"warning: datasource '{datasource.Name}': {warning}"));
            }
            catch (DbException)
            {
                // Went away since the check above: its KPIs have been reported.
            }
        }
        return new Report(problems, warnings);
    }
}
