using System.Globalization;
using System.Text;
using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Metrics;
using Exporter.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Exporter.Tests.Infrastructure;

/// <summary>
/// The exporter's real core (config loader, runner, publisher, self-metrics) over a test database,
/// without a scheduler or web server. Pack tests use <see cref="ForPacks"/>.
/// </summary>
public sealed class KpiHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="time">The exporter's clock: the system's unless a test moves a FakeTimeProvider itself.</param>
    /// <param name="logs">Receives every log line, for tests that count them.</param>
    public KpiHarness(string yaml, Func<string, string?>? environment = null, TimeProvider? time = null, ILoggerProvider? logs = null)
    {
        Definition = ConfigLoader.Parse(yaml, "test.yaml", environment ?? (_ => null));
        _services = ExporterHost.BuildCore(Definition, logging =>
        {
            logging.SetMinimumLevel(logs is null ? LogLevel.Warning : LogLevel.Information);
            if (logs is not null)
                logging.AddProvider(logs);
        }, time);
    }

    public ExporterDefinition Definition { get; }

    public StatusBoard<KpiStatus> Board => _services.GetRequiredService<StatusBoard<KpiStatus>>();

    /// <summary>A harness with one datasource <c>app</c> on <paramref name="database"/> and the given packs.</summary>
    public static KpiHarness ForPacks(TestDatabase database, params string[] packs) => new($"""
        datasources:
          - name: app
            connection_string: "{database.ConnectionString}"
        packs: [{string.Join(", ", packs)}]
        """);

    /// <summary>A harness with one datasource <c>app</c> and the given YAML after it (kpis:, defaults: ...).</summary>
    public static KpiHarness For(TestDatabase database, string rest, TimeProvider? time = null, ILoggerProvider? logs = null) => new($"""
        datasources:
          - name: app
            connection_string: "{database.ConnectionString}"
        {rest}
        """, time: time, logs: logs);

    public KpiTarget Target(string kpi, string source = "app") => _services.GetRequiredService<KpiExecutor>().Target($"{kpi}@{source}");

    public Task<KpiResult> RunAsync(string kpi, string source = "app") =>
        _services.GetRequiredService<KpiExecutor>().ExecuteAsync(Target(kpi, source), CancellationToken.None);

    /// <summary>
    /// Runs a KPI changed after config load (e.g. SQL the config loader refuses), to prove what the database
    /// itself enforces when the config check is not there.
    /// </summary>
    public Task<KpiResult> RunBypassingConfigAsync(string kpi, Func<KpiDefinition, KpiDefinition> change) =>
        _services.GetRequiredService<KpiRunner>().RunAsync(Target(kpi) with { Kpi = change(Target(kpi).Kpi) }, CancellationToken.None);

    /// <summary>Runs a KPI and fails the test with its error when it does not succeed.</summary>
    public async Task<KpiResult> RunSuccessfullyAsync(string kpi, string source = "app")
    {
        var result = await RunAsync(kpi, source);
        Assert.True(result.Succeeded, $"{kpi} failed: {result.Failure?.Reason}: {result.Failure?.Message}");
        return result;
    }

    /// <summary>
    /// Runs a KPI and returns its series as "metric{label=value,...}" -> value, labels sorted by name,
    /// <c>source</c> left out: easy to compare with hand-computed expectations.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, double>> SeriesAsync(string kpi)
    {
        var result = await RunSuccessfullyAsync(kpi);
        return result.Series.ToDictionary(Describe, s => s.Value, StringComparer.Ordinal);
    }

    public static string Describe(KpiSeries series)
    {
        var labels = series.LabelNames.Zip(series.LabelValues)
            .Where(l => l.First != "source")
            .OrderBy(l => l.First, StringComparer.Ordinal)
            .Select(l => $"{l.First}={l.Second}");
        return $"{series.Metric}{{{string.Join(",", labels)}}}";
    }

    /// <summary>The text exposition, as /metrics would serve it.</summary>
    public async Task<string> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await _services.GetRequiredService<MetricsExposition>().WriteTextAsync(stream, CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The value of one sample line in the exposition, or null when absent.</summary>
    public async Task<double?> SampleAsync(string seriesPrefix)
    {
        var line = (await ScrapeAsync()).Split('\n').FirstOrDefault(l => l.StartsWith(seriesPrefix, StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
