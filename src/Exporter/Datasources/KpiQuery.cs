using System.Data.Common;

namespace Exporter.Datasources;

/// <summary>A running KPI query: its rows, and what must be closed after them (command, transaction).</summary>
public sealed class KpiQuery(DbDataReader reader, params IAsyncDisposable[] owned) : IAsyncDisposable
{
    public DbDataReader Reader { get; } = reader;

    public async ValueTask DisposeAsync()
    {
        await Reader.DisposeAsync();
        foreach (var disposable in owned)
            await disposable.DisposeAsync();
    }
}
