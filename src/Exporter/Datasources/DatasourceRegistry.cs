using Exporter.Configuration;

namespace Exporter.Datasources;

/// <summary>
/// Datasource name -> <see cref="Datasource"/>, built from the config. On reload a datasource whose connection
/// string or max_concurrency changed gets a new pool; the old one is cleared (idle connections closed, busy ones
/// closed when their running query returns them) and disposed at shutdown, so a running query finishes cleanly.
/// </summary>
public sealed partial class DatasourceRegistry : IReloadable, IAsyncDisposable
{
    private volatile Dictionary<string, (DatasourceDefinition Definition, Datasource Datasource)> _byName;
    private readonly List<Datasource> _retired = [];
    private readonly ILogger<DatasourceRegistry>? _logger;

    public DatasourceRegistry(ExporterDefinition definition, ILogger<DatasourceRegistry>? logger = null)
    {
        _logger = logger;
        _byName = definition.Datasources.ToDictionary(d => d.Name, d => (d, Create(d, ApplicationName(definition))), StringComparer.Ordinal);
    }

    public Datasource Get(string name) => _byName[name].Datasource;

    public Task ApplyAsync(ExporterDefinition next, CancellationToken cancellationToken)
    {
        var current = _byName;
        var updated = new Dictionary<string, (DatasourceDefinition Definition, Datasource Datasource)>(StringComparer.Ordinal);
        foreach (var definition in next.Datasources)
        {
            if (current.TryGetValue(definition.Name, out var existing)
                && existing.Definition.ConnectionString == definition.ConnectionString
                && existing.Definition.Engine == definition.Engine
                && existing.Definition.MaxConcurrency == definition.MaxConcurrency)
            {
                updated[definition.Name] = existing;
                continue;
            }
            if (existing.Datasource is not null && _logger is not null)
                Recreated(_logger, definition.Name);
            updated[definition.Name] = (definition, Create(definition, ApplicationName(next)));
        }
        _byName = updated;
        lock (_retired)
        {
            foreach (var (name, (_, datasource)) in current)
            {
                if (updated.TryGetValue(name, out var kept) && ReferenceEquals(kept.Datasource, datasource))
                    continue;
                datasource.ClearPool();
                _retired.Add(datasource);
            }
        }
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, datasource) in _byName.Values)
            await datasource.DisposeAsync();
        foreach (var datasource in _retired)
            await datasource.DisposeAsync();
    }

    /// <summary>In a cluster, which replica runs a query: <c>exporter/&lt;instance_id&gt;</c> in pg_stat_activity.</summary>
    private static string ApplicationName(ExporterDefinition definition) =>
        definition.Cluster is { } cluster ? $"exporter/{cluster.InstanceId}" : "exporter";

    private static Datasource Create(DatasourceDefinition definition, string applicationName)
    {
        var driver = EngineDriver.For(definition.Engine);
        return new Datasource(definition.Name, driver, driver.CreateDataSource(definition, applicationName), definition.MaxConcurrency);
    }

    [LoggerMessage(EventId = 150, Level = LogLevel.Information,
        Message = "reload: datasource {Name} changed (connection string or max_concurrency): new connection pool; running queries finish on the old one")]
    private static partial void Recreated(ILogger logger, string name);
}
