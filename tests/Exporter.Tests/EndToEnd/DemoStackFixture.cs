using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.EndToEnd;

/// <summary>
/// The whole stack on this machine: a database made by `demo init` + `demo seed --scale 1`, the exporter
/// (`run`, every pack, a probe) and a real Prometheus scraping it with the repository's rules.
/// </summary>
public sealed class DemoStackFixture : TestDatabase
{
    public static readonly string[] AllPacks = ["revenue", "sales", "engagement", "learning", "satisfaction", "support", "marketplace", "technical"];

    private ExporterProcess? _exporter;

    public PrometheusServer Prometheus { get; private set; } = null!;

    /// <summary>
    /// A second Prometheus that scrapes the same exporter as two targets of job "exporter" (instance exporter-1:9187
    /// and exporter-2:9187): every series twice, differing only in instance, as a cluster of two replicas serves them.
    /// </summary>
    public PrometheusServer TwoReplicas { get; private set; } = null!;

    public TestConfig Config { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Demo("init", "--connection", ConnectionString);
        await Demo("seed", "--connection", ConnectionString, "--scale", "1");

        var port = ExporterProcess.FreePort();
        var packs = $"packs: [{string.Join(", ", AllPacks)}]";
        // Every built-in KPI overridden to run every 5s (only its schedule), so rates have samples quickly.
        using (var plain = TestConfig.For(ConnectionString, packs))
        {
            var names = Exporter.Configuration.ConfigLoader.Load(plain.Path).Kpis.Select(k => k.Name);
            Config = TestConfig.For(ConnectionString, $"""
                {packs}
                kpis:
                {string.Concat(names.Select(name => $"  - {{ name: {name}, schedule: 5s }}\n"))}
                probes:
                  - name: self
                    url: http://127.0.0.1:{port}/healthz
                    schedule: 2s
                """);
        }
        _exporter = await ExporterProcess.StartRunAsync(Config.Path, "/readyz", TimeSpan.FromMinutes(3), port: port);
        Prometheus = await PrometheusServer.StartAsync(port);
        TwoReplicas = await PrometheusServer.StartAsync(port, TwoReplicasConfig);
        // A few KPI runs (5s), scrapes and rule evaluations (2s), so rates and ranges have samples: wait until
        // Prometheus has seen every KPI run five times, rather than for a fixed time a slow machine may need more of.
        await WaitForPrometheusAsync(Prometheus, "min(exporter_kpi_query_duration_seconds_count) >= 5", TimeSpan.FromMinutes(3));
        await WaitForPrometheusAsync(TwoReplicas, "min(exporter_kpi_query_duration_seconds_count) >= 5", TimeSpan.FromMinutes(3));
    }

    // The repository's rules (PrometheusServer copies them next to this file); both targets are the one exporter.
    private const string TwoReplicasConfig = """
        global:
          scrape_interval: 15s
          evaluation_interval: 30s
        rule_files:
          - rules/*.yml
        scrape_configs:
          - job_name: exporter
            static_configs:
              - targets: [exporter:9187]
                labels: { instance: exporter-1:9187 }
              - targets: [exporter:9187]
                labels: { instance: exporter-2:9187 }
        """;

    private static async Task WaitForPrometheusAsync(PrometheusServer prometheus, string condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await prometheus.QueryAsync(condition)).GetArrayLength() == 0)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Prometheus: '{condition}' still empty after {timeout}");
            await Task.Delay(500);
        }
    }

    public override async Task DisposeAsync()
    {
        if (TwoReplicas is not null)
            await TwoReplicas.DisposeAsync();
        if (Prometheus is not null)
            await Prometheus.DisposeAsync();
        if (_exporter is not null)
            await _exporter.DisposeAsync();
        Config?.Dispose();
        await base.DisposeAsync();
    }

    private static async Task Demo(params string[] args)
    {
        var (code, stdout, stderr) = await ExporterProcess.RunAsync(["demo", .. args]);
        if (code != 0)
            throw new InvalidOperationException($"demo {args[0]} failed ({code}):\n{stdout}\n{stderr}");
    }
}
