using Exporter.Cluster;
using Exporter.Tests.Infrastructure;
using Npgsql;

namespace Exporter.Tests.Cluster;

/// <summary>The state schema on a real, empty database: created once however many replicas start at the same moment.</summary>
public sealed class StateSchemaTests : TestDatabase
{
    [Fact]
    public async Task ApplyAsync_FiveReplicasAtOnceOnAnEmptyDatabase_CreateTheSchemaOnce()
    {
        var sources = Enumerable.Range(0, 5).Select(_ => NpgsqlDataSource.Create(ConnectionString)).ToArray();
        try
        {
            var schema = new StateSchema("exporter_t");
            using var start = new Barrier(5);

            await Task.WhenAll(sources.Select(source => Task.Run(async () =>
            {
                start.SignalAndWait();
                await schema.ApplyAsync(source, CancellationToken.None);
            })));
            await schema.ApplyAsync(sources[0], CancellationToken.None);

            Assert.Equal(["members", "run_status"], await TablesAsync("exporter_t"));
            Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM exporter_t.members"));
        }
        finally
        {
            foreach (var source in sources)
                await source.DisposeAsync();
        }
    }

    [Fact]
    public async Task ApplyAsync_AStatementAppendedByAnotherPart_RunsInTheSameTransaction()
    {
        await using var source = NpgsqlDataSource.Create(ConnectionString);
        var schema = new StateSchema("exporter_u");
        schema.Statements.Add("CREATE TABLE IF NOT EXISTS exporter_u.results (kpi text PRIMARY KEY)");
        schema.Statements.Add("SELECT 1/0");

        await Assert.ThrowsAsync<PostgresException>(() => schema.ApplyAsync(source, CancellationToken.None));

        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM pg_namespace WHERE nspname = 'exporter_u'"));
        schema.Statements.RemoveAt(schema.Statements.Count - 1);
        await schema.ApplyAsync(source, CancellationToken.None);
        Assert.Equal(["members", "results", "run_status"], await TablesAsync("exporter_u"));
    }

    private async Task<string[]> TablesAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = @s ORDER BY 1", connection);
        command.Parameters.AddWithValue("s", schema);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
            names.Add(reader.GetString(0));
        return [.. names];
    }
}
