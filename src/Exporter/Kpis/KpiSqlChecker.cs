using Exporter.Configuration;
using Exporter.Datasources;
using Npgsql;

namespace Exporter.Kpis;

/// <summary>
/// Prepares (parses and plans, never runs) every KPI's SQL against its datasource, for
/// <c>validate --connect</c>. Problems are reported at the KPI's line in its file.
/// </summary>
public static class KpiSqlChecker
{
    public static async Task<IReadOnlyList<ConfigError>> CheckAsync(ExporterDefinition definition, CancellationToken cancellationToken)
    {
        var problems = new List<ConfigError>();
        await using var datasources = new DatasourceRegistry(definition);
        foreach (var target in definition.Targets)
        {
            var kpi = target.Kpi;
            try
            {
                await using var connection = await datasources.Get(target.Source).DataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await ReadOnlyTransaction.BeginAsync(connection, kpi.Timeout, cancellationToken);
                await using var command = new NpgsqlCommand(kpi.Sql, connection, transaction);
                foreach (var (name, value) in kpi.Parameters)
                    command.Parameters.AddWithValue(name, value);
                await command.PrepareAsync(cancellationToken);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                var message = e is PostgresException p ? $"{p.SqlState}: {p.MessageText}" : e.Message;
                problems.Add(new ConfigError(kpi.File, kpi.Line,
                    $"kpi '{kpi.Name}' on datasource '{target.Source}': {definition.Redactor.Redact(message)}"));
            }
        }
        return problems;
    }
}
