using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Exporter.Cli;
using Exporter.Configuration;
using Exporter.Http;
using Exporter.Kpis;
using Exporter.Metrics;
using Exporter.Probes;
using Exporter.Runs;
using Exporter.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Exporter.Tests.Probes;

/// <summary>
/// HTTP probes against a real local server: metrics, error reasons, redirects, secrets. No database is
/// needed: the config's datasource is never connected to (no KPIs are enabled).
/// </summary>
public sealed class ProbeTests(ProbeTargetServer server) : IClassFixture<ProbeTargetServer>
{
    private const string Token = "s3cr3t-probe-token-4711";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Dictionary<string, double> NoErrors =
        ProbeFailureReasons.Counted.ToDictionary(r => r, _ => 0.0, StringComparer.Ordinal);

    [Fact]
    public async Task Run_FastOk_SuccessAndLatencyObserved()
    {
        await using var probes = Probes(Probe("web", $"{server.BaseUrl}/ok", expectedBody: "healthy"));

        var result = await probes.RunAsync("web");

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(200, result.StatusCode);
        var metrics = await probes.MetricsAsync("web");
        Assert.Equal(1.0, metrics.Success);
        Assert.True(metrics.Duration > 0);
        Assert.Equal(1.0, metrics.LatencyCount);
        Assert.Equal(metrics.Duration, metrics.LatencySum, 9);
        Assert.Equal(NoErrors, metrics.Errors);
    }

    [Fact]
    public async Task Register_BeforeTheFirstProbe_ErrorSeriesAtZeroAndNoSuccessSeries()
    {
        await using var probes = Probes(Probe("web", $"{server.BaseUrl}/ok"));

        var metrics = await probes.MetricsAsync("web");

        // No probe yet: success is unknown (absent, never a fake 0); counters and the histogram start at 0.
        Assert.Null(metrics.Success);
        Assert.Equal(0.0, metrics.LatencyCount);
        Assert.Equal(NoErrors, metrics.Errors);
        Assert.Equal("pending", StatusResponse.From(probes.Services.GetRequiredService<DatasourceMonitor>(), probes.Services.GetRequiredService<StatusBoard<KpiStatus>>(), probes.Board).Probes.Single().State);
    }

    [Fact]
    public async Task Run_SlowerThanTimeout_FailsWithTimeout()
    {
        await using var probes = Probes(Probe("slow", $"{server.BaseUrl}/slow", timeout: "300ms"));

        var result = await probes.RunAsync("slow");

        Assert.Equal(ProbeFailureReasons.Timeout, result.Failure?.Reason);
        var metrics = await probes.MetricsAsync("slow");
        Assert.Equal(0.0, metrics.Success);
        // Observed at about the timeout (the probe's stopwatch starts a hair after the client's timer), well before
        // the server's 5s answer.
        Assert.InRange(metrics.Duration, 0.29, 4.0);
        Assert.Equal(1.0, metrics.LatencyCount);
        Assert.Equal(ErrorsWith(ProbeFailureReasons.Timeout), metrics.Errors);
    }

    [Fact]
    public async Task Run_Status500_FailsWithStatus()
    {
        await using var probes = Probes(Probe("api", $"{server.BaseUrl}/error"));

        var result = await probes.RunAsync("api");

        Assert.Equal(ProbeFailureReasons.Status, result.Failure?.Reason);
        Assert.Equal("status 500, expected 2xx", result.Failure!.Message);
        Assert.Equal(500, result.StatusCode);
        var metrics = await probes.MetricsAsync("api");
        Assert.Equal(0.0, metrics.Success);
        Assert.True(metrics.Duration > 0);
        Assert.Equal(1.0, metrics.LatencyCount);
        Assert.Equal(ErrorsWith(ProbeFailureReasons.Status), metrics.Errors);
    }

    [Fact]
    public async Task Run_BodyWithoutExpectedText_FailsWithBody()
    {
        await using var probes = Probes(Probe("web", $"{server.BaseUrl}/wrong-body", expectedBody: "healthy"));

        var result = await probes.RunAsync("web");

        Assert.Equal(ProbeFailureReasons.Body, result.Failure?.Reason);
        Assert.Equal(200, result.StatusCode);
        var metrics = await probes.MetricsAsync("web");
        Assert.Equal(0.0, metrics.Success);
        Assert.True(metrics.Duration > 0);
        Assert.Equal(1.0, metrics.LatencyCount);
        Assert.Equal(ErrorsWith(ProbeFailureReasons.Body), metrics.Errors);
    }

    [Fact]
    public async Task Run_ClosedPort_FailsWithConnectionRefused()
    {
        await using var probes = Probes(Probe("down", $"http://127.0.0.1:{ExporterProcess.FreePort()}/ok"));

        var result = await probes.RunAsync("down");

        Assert.Equal(ProbeFailureReasons.ConnectionRefused, result.Failure?.Reason);
        Assert.Null(result.StatusCode);
        var metrics = await probes.MetricsAsync("down");
        Assert.Equal(0.0, metrics.Success);
        Assert.True(metrics.Duration > 0);
        Assert.Equal(1.0, metrics.LatencyCount);
        Assert.Equal(ErrorsWith(ProbeFailureReasons.ConnectionRefused), metrics.Errors);
    }

    [Fact]
    public async Task Run_UnresolvableHost_FailsWithDns()
    {
        // .invalid never resolves (RFC 6761).
        await using var probes = Probes(Probe("nowhere", "http://probe-target.invalid/ok"));

        var result = await probes.RunAsync("nowhere");

        Assert.Equal(ProbeFailureReasons.Dns, result.Failure?.Reason);
        Assert.Equal(ErrorsWith(ProbeFailureReasons.Dns), (await probes.MetricsAsync("nowhere")).Errors);
    }

    [Fact]
    public async Task Run_HttpsToPlainHttpServer_FailsWithTls()
    {
        await using var probes = Probes(Probe("tls", $"https://127.0.0.1:{server.Port}/ok"));

        var result = await probes.RunAsync("tls");

        Assert.Equal(ProbeFailureReasons.Tls, result.Failure?.Reason);
        Assert.Equal(ErrorsWith(ProbeFailureReasons.Tls), (await probes.MetricsAsync("tls")).Errors);
    }

    [Fact]
    public async Task Run_ExpectedStatusList_ReplacesTheDefault2xx()
    {
        await using var probes = Probes(
            Probe("error-expected", $"{server.BaseUrl}/error", expectedStatus: "[500]"),
            Probe("ok-unexpected", $"{server.BaseUrl}/ok", expectedStatus: "[204, 503]"));

        var error = await probes.RunAsync("error-expected");
        var ok = await probes.RunAsync("ok-unexpected");

        Assert.True(error.Succeeded, error.Failure?.Message);
        Assert.Equal(ProbeFailureReasons.Status, ok.Failure?.Reason);
        Assert.Equal("status 200, expected 204 or 503", ok.Failure!.Message);
    }

    [Fact]
    public async Task Run_Redirect_FollowedToTheFinalAnswer()
    {
        await using var probes = Probes(Probe("web", $"{server.BaseUrl}/redirect", expectedBody: "healthy"));

        var result = await probes.RunAsync("web");

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(200, result.StatusCode);
    }

    [Fact]
    public async Task Run_RedirectListedInExpectedStatus_NotFollowed()
    {
        await using var probes = Probes(Probe("web", $"{server.BaseUrl}/redirect", expectedStatus: "[302]"));

        var result = await probes.RunAsync("web");

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(302, result.StatusCode);
    }

    [Fact]
    public async Task Run_RedirectLoop_StopsAndFailsWithStatus()
    {
        await using var probes = Probes(Probe("loop", $"{server.BaseUrl}/redirect-loop"));

        var result = await probes.RunAsync("loop");

        Assert.Equal(ProbeFailureReasons.Status, result.Failure?.Reason);
        Assert.Equal(302, result.StatusCode);
    }

    [Fact]
    public async Task Run_RedirectToAnotherOrigin_HeadersNotSentThere()
    {
        // localhost and 127.0.0.1 are different origins (same server): the token must stay with 127.0.0.1.
        var elsewhere = Uri.EscapeDataString($"http://localhost:{server.Port}/headers");
        await using var probes = Probes(Probe("web", $"{server.BaseUrl}/redirect-to?url={elsewhere}", headers: $"Authorization: \"Bearer {Token}\""));
        server.ReceivedAuthorization.Clear();

        var result = await probes.RunAsync("web");

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal([""], server.ReceivedAuthorization.ToArray());
    }

    [Fact]
    public async Task Run_HeaderFromEnv_ReachesServerButNeverStatusOrLogs()
    {
        // The token comes from ${PROBE_TOKEN}; it also sits in a query string, which /status must blank out.
        var logs = new CapturingLoggerProvider();
        await using var probes = Probes(
            [
                Probe("auth", server.BaseUrl + "/headers?token=${PROBE_TOKEN}", headers: "Authorization: \"Bearer ${PROBE_TOKEN}\""),
                Probe("auth-failing", $"{server.BaseUrl}/error", headers: "Authorization: \"Bearer ${PROBE_TOKEN}\""),
            ],
            name => name == "PROBE_TOKEN" ? Token : null,
            logs);
        server.ReceivedAuthorization.Clear();

        var ok = await probes.RunAsync("auth");
        var failed = await probes.RunAsync("auth-failing");

        Assert.True(ok.Succeeded, ok.Failure?.Message);
        Assert.Equal(ProbeFailureReasons.Status, failed.Failure?.Reason);
        Assert.Equal([$"Bearer {Token}"], server.ReceivedAuthorization.ToArray());
        var status = JsonSerializer.Serialize(StatusResponse.From(probes.Services.GetRequiredService<DatasourceMonitor>(), probes.Services.GetRequiredService<StatusBoard<KpiStatus>>(), probes.Board),
            Json);
        var page = LandingPage.Render(probes.Services.GetRequiredService<DatasourceMonitor>().All, probes.Services.GetRequiredService<StatusBoard<KpiStatus>>(), probes.Board, DateTimeOffset.UtcNow);
        Assert.Contains("\"probe\":\"auth\"", status, StringComparison.Ordinal);
        Assert.Contains("/headers?token=***", status, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, status, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, page, StringComparison.Ordinal);
        Assert.NotEmpty(logs.Lines);
        Assert.Contains(logs.Lines, l => l.Contains("auth-failing failed (status)", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Token, StringComparison.Ordinal));
        Assert.DoesNotContain(Token, await probes.ScrapeAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ConfiguredNamespace_NamesTheProbeMetrics()
    {
        await using var probes = Probes([Probe("web", $"{server.BaseUrl}/ok")], _ => null, null, "namespace: acme_");

        await probes.RunAsync("web");

        var text = await probes.ScrapeAsync();
        Assert.Equal(1.0, Sample(text, "acme_probe_success{probe=\"web\"}"));
        Assert.Equal(1.0, Sample(text, "acme_probe_latency_seconds_count{probe=\"web\"}"));
        Assert.Null(Sample(text, "kpi_probe_success{"));
    }

    [Fact]
    public async Task Run_TwoProbes_EachPublishesOnlyItsOwnOutcome()
    {
        await using var probes = Probes(Probe("up", $"{server.BaseUrl}/ok"), Probe("api", $"{server.BaseUrl}/error"));

        await probes.RunAsync("up");
        await probes.RunAsync("up");
        await probes.RunAsync("api");

        var up = await probes.MetricsAsync("up");
        var api = await probes.MetricsAsync("api");
        Assert.Equal((1.0, 2.0), (up.Success, up.LatencyCount));
        Assert.Equal(NoErrors, up.Errors);
        Assert.Equal((0.0, 1.0), (api.Success, api.LatencyCount));
        Assert.Equal(ErrorsWith(ProbeFailureReasons.Status), api.Errors);
    }

    [Fact]
    public async Task Once_FailedProbe_ExitsOneAndReportsIt()
    {
        using var config = new TestConfig(Config([
            Probe("up", $"{server.BaseUrl}/ok"),
            Probe("down", $"http://127.0.0.1:{ExporterProcess.FreePort()}/ok"),
        ], ""));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await OnceCommand.ExecuteAsync(config.Path, stdout, stderr, CancellationToken.None);

        Assert.Equal(ExitCodes.KpiFailed, code);
        Assert.StartsWith("FAILED probe down (connection_refused): ", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("probe up", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(1.0, Sample(stdout.ToString(), "kpi_probe_success{probe=\"up\"}"));
        Assert.Equal(0.0, Sample(stdout.ToString(), "kpi_probe_success{probe=\"down\"}"));
    }

    [Fact]
    public async Task Once_AllProbesSucceed_ExitsZero()
    {
        using var config = new TestConfig(Config([Probe("up", $"{server.BaseUrl}/ok")], ""));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await OnceCommand.ExecuteAsync(config.Path, stdout, stderr, CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", stderr.ToString());
        Assert.Equal(1.0, Sample(stdout.ToString(), "kpi_probe_success{probe=\"up\"}"));
    }

    [Fact]
    [Trait(Tier.Name, Tier.Stack)]
    public async Task Service_ScheduledProbe_ShowsInStatusPageAndMetrics()
    {
        var definition = ConfigLoader.Parse(Config([
            Probe("web", $"{server.BaseUrl}/headers", schedule: "1s", headers: "Authorization: \"Bearer ${PROBE_TOKEN}\""),
        ], ""), "test.yaml", name => name == "PROBE_TOKEN" ? Token : null);
        await using var app = ExporterHost.BuildService(definition, "http://127.0.0.1:0");
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        using var status = await WaitForProbeAsync(client, "web");
        var page = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        await app.StopAsync();

        var probe = status.RootElement.GetProperty("probes")[0];
        Assert.Equal("ok", probe.GetProperty("state").GetString());
        Assert.Equal(200, probe.GetProperty("lastStatusCode").GetInt32());
        Assert.True(probe.GetProperty("lastDurationSeconds").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Null, probe.GetProperty("lastErrorReason").ValueKind);
        Assert.Contains("<code>web</code>", page, StringComparison.Ordinal);
        Assert.Equal(1.0, Sample(metrics, "kpi_probe_success{probe=\"web\"}"));
        Assert.Equal(0.0, Sample(metrics, "exporter_probe_errors_total{probe=\"web\",reason=\"timeout\"}"));
        Assert.DoesNotContain(Token, status.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, page, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, metrics, StringComparison.Ordinal);
    }

    private static async Task<JsonDocument> WaitForProbeAsync(HttpClient client, string probe)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/status", UriKind.Relative)));
            var entry = json.RootElement.GetProperty("probes").EnumerateArray().Single(p => p.GetProperty("probe").GetString() == probe);
            if (entry.GetProperty("state").GetString() != "pending")
                return json;
            json.Dispose();
            Assert.True(DateTime.UtcNow < deadline, $"probe {probe} did not run within 20s");
            await Task.Delay(100);
        }
    }

    private static Dictionary<string, double> ErrorsWith(string reason) =>
        NoErrors.ToDictionary(e => e.Key, e => e.Key == reason ? 1.0 : 0.0, StringComparer.Ordinal);

    private static string Probe(string name, string url, string schedule = "1h", string timeout = "10s",
        string? expectedStatus = null, string? expectedBody = null, string? headers = null)
    {
        var yaml = new StringBuilder($"""
              - name: {name}
                url: "{url}"
                schedule: {schedule}
                timeout: {timeout}

            """);
        if (expectedStatus is not null)
            yaml.Append(CultureInfo.InvariantCulture, $"    expected_status: {expectedStatus}\n");
        if (expectedBody is not null)
            yaml.Append(CultureInfo.InvariantCulture, $"    expected_body: \"{expectedBody}\"\n");
        if (headers is not null)
            yaml.Append(CultureInfo.InvariantCulture, $"    headers:\n      {headers}\n");
        return yaml.ToString();
    }

    private static string Config(IEnumerable<string> probes, string rest) => $"""
        {rest}
        datasources:
          - name: app
            connection_string: "Host=127.0.0.1;Port=1;Database=none;Username=none"
        probes:
        {string.Concat(probes)}
        """;

    private static ProbeHarness Probes(params string[] probes) => Probes(probes, _ => null, null);

    private static ProbeHarness Probes(string[] probes, Func<string, string?> environment, CapturingLoggerProvider? logs, string rest = "")
    {
        var definition = ConfigLoader.Parse(Config(probes, rest), "test.yaml", environment);
        var services = ExporterHost.BuildCore(definition, logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
                logging.AddProvider(logs);
        });
        // As the scheduler's registrar does at start-up.
        foreach (var probe in definition.Probes)
            services.GetRequiredService<ProbeExecutor>().Prepare(probe.Name);
        return new ProbeHarness(definition, services);
    }

    private static double? Sample(string exposition, string seriesPrefix)
    {
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith(seriesPrefix, StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    private sealed record ProbeMetricValues(double? Success, double Duration, double LatencyCount, double LatencySum, Dictionary<string, double> Errors);

    /// <summary>The exporter core (as <c>once</c> builds it) with the probes of a config.</summary>
    private sealed class ProbeHarness(ExporterDefinition definition, ServiceProvider services) : IAsyncDisposable
    {
        public ServiceProvider Services => services;

        public StatusBoard<ProbeStatus> Board => services.GetRequiredService<StatusBoard<ProbeStatus>>();

        public Task<ProbeResult> RunAsync(string probe) =>
            services.GetRequiredService<ProbeExecutor>().ExecuteAsync(definition.Probes.Single(p => p.Name == probe), CancellationToken.None);

        public async Task<string> ScrapeAsync()
        {
            using var stream = new MemoryStream();
            await services.GetRequiredService<MetricsExposition>().WriteTextAsync(stream, CancellationToken.None);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        public async Task<ProbeMetricValues> MetricsAsync(string probe)
        {
            var text = await ScrapeAsync();
            var label = $"{{probe=\"{probe}\"}}";
            var errors = ProbeFailureReasons.Counted.ToDictionary(
                reason => reason,
                reason => Sample(text, $"exporter_probe_errors_total{{probe=\"{probe}\",reason=\"{reason}\"}}") ?? double.NaN,
                StringComparer.Ordinal);
            return new ProbeMetricValues(
                Sample(text, $"kpi_probe_success{label}"),
                Sample(text, $"kpi_probe_duration_seconds{label}") ?? double.NaN,
                Sample(text, $"kpi_probe_latency_seconds_count{label}") ?? double.NaN,
                Sample(text, $"kpi_probe_latency_seconds_sum{label}") ?? double.NaN,
                errors);
        }

        public async ValueTask DisposeAsync() => await services.DisposeAsync();
    }
}
