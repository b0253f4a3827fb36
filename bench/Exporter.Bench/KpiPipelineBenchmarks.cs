using BenchmarkDotNet.Attributes;
using Exporter.Configuration;
using Exporter.Datasources;
using Exporter.Kpis;
using Exporter.Model;
using Exporter.Metrics;
using Npgsql;

namespace Exporter.Bench;

/// <summary>
/// The cost of one KPI run and one scrape, as ratios to the baseline: reading the same rows with a bare
/// Npgsql reader. Needs EXPORTER_BENCH_PG (bench/run.sh starts a throwaway PostgreSQL and sets it).
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes the datasources.
public class KpiPipelineBenchmarks
#pragma warning restore CA1001
{
    private const string Sql = "select segment, plan, currency, value from bench_series";

    private string _connectionString = "";
    private DatasourceRegistry _datasources = null!;
    private KpiRunner _runner = null!;
    private KpiTarget _target = null!;
    private KpiPublisher _publisher = null!;
    private MetricsExposition _exposition = null!;
    private IReadOnlyList<KpiSeries> _series = [];

    [Params(1_000, 10_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _connectionString = Environment.GetEnvironmentVariable("EXPORTER_BENCH_PG")
            ?? throw new InvalidOperationException("EXPORTER_BENCH_PG is not set: run bench/run.sh");
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"""
                drop table if exists bench_series;
                create table bench_series as
                select 'segment_' || (n % 10) as segment, 'plan_' || (n / 10) as plan, 'EUR' as currency, n * 1.5 as value
                from generate_series(0, {Series - 1}) n;
                """, connection);
            await create.ExecuteNonQueryAsync();
        }
        var definition = ConfigLoader.Parse($$"""
            datasources:
              - name: bench
                connection_string: "{{_connectionString}}"
            kpis:
              - name: kpi_bench
                max_series: 100000
                sql: "{{Sql}}"
            """, "bench.yaml", _ => null);
        _datasources = new DatasourceRegistry(definition);
        _runner = new KpiRunner(_datasources, definition.Redactor, TimeProvider.System);
        _target = definition.Targets.Single();
        _publisher = new KpiPublisher();
        _exposition = new MetricsExposition(_publisher, Prometheus.Metrics.NewCustomRegistry());
        _series = (await _runner.RunAsync(_target, CancellationToken.None)).Series;
        _publisher.Publish(_target, _series);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _datasources.DisposeAsync();

    /// <summary>Baseline: the same rows through a bare pooled Npgsql reader, values discarded.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> RawRead()
    {
        await using var connection = (NpgsqlConnection)await _datasources.Get("bench").DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
            rows++;
        return rows;
    }

    /// <summary>A full KPI run: read-only transaction, timeout, Npgsql reader, row -> series mapping.</summary>
    [Benchmark]
    public async Task<int> KpiRun() => (await _runner.RunAsync(_target, CancellationToken.None)).Series.Count;

    /// <summary>Replacing the KPI's snapshot: rendering its samples and re-assembling the families (same label sets: the steady state).</summary>
    [Benchmark]
    public int Publish()
    {
        _publisher.Publish(_target, _series);
        return _series.Count;
    }

    /// <summary>One /metrics scrape of the published series (text exposition to memory).</summary>
    [Benchmark]
    public async Task<long> Scrape()
    {
        using var stream = new MemoryStream();
        await _exposition.WriteTextAsync(stream, CancellationToken.None);
        return stream.Length;
    }
}
