using Npgsql;

namespace Exporter.Datasources;

/// <summary>One configured database: a pooled NpgsqlDataSource and a gate that bounds concurrent queries.</summary>
public sealed class Datasource(string name, NpgsqlDataSource dataSource, int maxConcurrency) : IAsyncDisposable
{
    public string Name { get; } = name;

    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>At most max_concurrency KPI queries run at once against this database.</summary>
    public SemaphoreSlim Gate { get; } = new(maxConcurrency, maxConcurrency);

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        Gate.Dispose();
    }

    public override string ToString() => $"datasource {Name}";
}
