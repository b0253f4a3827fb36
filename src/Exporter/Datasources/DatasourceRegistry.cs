using Exporter.Configuration;
using Npgsql;

namespace Exporter.Datasources;

/// <summary>Datasource name -> <see cref="Datasource"/>, built once from the config.</summary>
public sealed class DatasourceRegistry : IAsyncDisposable
{
    private readonly Dictionary<string, Datasource> _byName;

    public DatasourceRegistry(ExporterDefinition definition) =>
        _byName = definition.Datasources.ToDictionary(d => d.Name, Create, StringComparer.Ordinal);

    public Datasource Get(string name) => _byName[name];

    public async ValueTask DisposeAsync()
    {
        foreach (var datasource in _byName.Values)
            await datasource.DisposeAsync();
    }

    private static Datasource Create(DatasourceDefinition definition)
    {
        var builder = new NpgsqlDataSourceBuilder(definition.ConnectionString);
        var settings = builder.ConnectionStringBuilder;
        // Shows up in pg_stat_activity, so DBAs can tell our queries apart.
        settings.ApplicationName = "exporter";
        // One more than the query gate, for `validate --connect` and health checks.
        settings.MaxPoolSize = Math.Min(settings.MaxPoolSize, definition.MaxConcurrency + 1);
        settings.MinPoolSize = Math.Min(settings.MinPoolSize, settings.MaxPoolSize);
        return new Datasource(definition.Name, builder.Build(), definition.MaxConcurrency);
    }
}
