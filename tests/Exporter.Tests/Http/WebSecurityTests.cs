using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Http;

/// <summary>
/// The web config file on a real process: real TLS with a certificate made in the test, real basic auth
/// (bcrypt), client certificates, and a real Prometheus scraping over HTTPS with credentials.
/// </summary>
[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
public sealed class WebSecurityTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Password = "s3cret-Scrape-pw";
    private static readonly string Hash = BCrypt.Net.BCrypt.HashPassword(Password, 4).Replace("$2a$", "$2y$", StringComparison.Ordinal);

    [Fact]
    public async Task Run_TlsAndBasicAuth_OnlyHttpsAndOnlyWithCredentials()
    {
        using var certificates = new TestCertificates();
        var web = WriteTlsAndBasicAuthConfig(certificates);
        using var config = TestConfig.For(database.ConnectionString, """
            kpis:
              - name: kpi_secured
                help: Behind TLS and basic auth.
                sql: select 7 as value
            """);
        // --urls says http://: with TLS configured the listener speaks HTTPS anyway.
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/healthz", TimeSpan.FromSeconds(60),
            extraArgs: ["--web.config.file", web], https: address => certificates.HttpsClient(address));
        var http = exporter.Http;

        Assert.Equal("ok\n", await http.GetStringAsync("/healthz"));
        foreach (var path in new[] { "/metrics", "/status", "/", "/readyz" })
        {
            using var anonymous = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Basic realm=\"exporter\", charset=\"UTF-8\"", anonymous.Headers.WwwAuthenticate.ToString());
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(http, "prometheus", "wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(http, "nobody", Password));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(http, "prometheus", Password + "x"));
        await exporter.WaitForHttpAsync(WithCredentials(http, "prometheus", Password), "/readyz", TimeSpan.FromSeconds(30));
        var metrics = await WithCredentials(http, "prometheus", Password).GetStringAsync("/metrics");
        Assert.Contains("kpi_secured{source=\"app\"} 7", metrics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await StatusWith(http, "prometheus", Password)); // again: the cached check

        using var plain = new HttpClient { BaseAddress = new Uri(http.BaseAddress!.ToString().Replace("https://", "http://", StringComparison.Ordinal)) };
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync("/healthz"));

        await exporter.DisposeAsync();
        var output = exporter.Stdout + exporter.Stderr;
        Assert.Contains("(tls on, basic auth on)", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
        Assert.DoesNotContain(Hash, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RequireAndVerifyClientCert_OnlyCertificatesFromTheClientCa()
    {
        using var certificates = new TestCertificates();
        var web = WriteWebConfig(certificates, """
            tls_server_config:
              cert_file: tls.crt
              key_file: tls.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: ca.crt
              min_version: TLS12
            """);
        using var config = TestConfig.For(database.ConnectionString, "kpis:\n  - name: kpi_mtls\n    sql: select 1 as value\n");
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/metrics", TimeSpan.FromSeconds(60),
            extraArgs: ["--web.config.file", web], https: address => certificates.HttpsClient(address, certificates.Client));
        var address = exporter.Http.BaseAddress!.ToString();

        Assert.Equal("ok\n", await exporter.Http.GetStringAsync("/healthz"));
        using var without = certificates.HttpsClient(address);
        await Assert.ThrowsAsync<HttpRequestException>(() => without.GetAsync("/healthz"));
        using var stranger = certificates.HttpsClient(address, certificates.Stranger);
        await Assert.ThrowsAsync<HttpRequestException>(() => stranger.GetAsync("/healthz"));
    }

    [Fact]
    public async Task Prometheus_ScrapesWithBasicAuthAndTls_UpIsOne()
    {
        using var certificates = new TestCertificates();
        var web = WriteTlsAndBasicAuthConfig(certificates);
        using var config = TestConfig.For(database.ConnectionString, $"""
            server:
              web_config_file: {web}
            kpis:
              - name: kpi_scraped_securely
                sql: select 42 as value
            """);
        var port = ExporterProcess.FreePort();
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/healthz", TimeSpan.FromSeconds(60), port: port,
            https: address => certificates.HttpsClient(address));
        await using var prometheus = await PrometheusServer.StartAsync(port, $"""
            global:
              scrape_interval: 2s
            scrape_configs:
              - job_name: exporter
                scheme: https
                basic_auth:
                  username: prometheus
                  password: {Password}
                tls_config:
                  ca_file: {certificates.CaFile}
                static_configs:
                  - targets: ["127.0.0.1:{port}"]
            """);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && (await prometheus.QueryAsync("kpi_scraped_securely")).GetArrayLength() == 0)
            await Task.Delay(500);

        var up = await prometheus.QueryAsync("up{job=\"exporter\"}");
        Assert.Equal("1", up[0].GetProperty("value")[1].GetString());
        var kpi = await prometheus.QueryAsync("kpi_scraped_securely");
        Assert.Equal("42", kpi[0].GetProperty("value")[1].GetString());
    }

    [Fact]
    public async Task Reload_RenewedCertificate_NewConnectionsGetIt()
    {
        using var first = new TestCertificates();
        using var renewed = new TestCertificates();
        var web = WriteWebConfig(first, "tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n");
        using var config = TestConfig.For(database.ConnectionString, "kpis:\n  - name: kpi_renewed\n    sql: select 1 as value\n");
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/healthz", TimeSpan.FromSeconds(60),
            extraArgs: ["--web.config.file", web], https: address => first.HttpsClient(address));
        var address = exporter.Http.BaseAddress!.ToString();

        File.Copy(renewed.CertFile, first.CertFile, overwrite: true);
        File.Copy(renewed.KeyFile, first.KeyFile, overwrite: true);
        await exporter.SignalReloadAsync();
        using var trustsRenewed = renewed.HttpsClient(address);
        await exporter.WaitForHttpAsync(trustsRenewed, "/healthz", TimeSpan.FromSeconds(30));

        using var trustsFirst = first.HttpsClient(address);
        await Assert.ThrowsAsync<HttpRequestException>(() => trustsFirst.GetAsync("/healthz"));
    }

    [Fact]
    public async Task Reload_TurnsTlsOn_FailsAndChangesNothing()
    {
        using var certificates = new TestCertificates();
        var web = WriteWebConfig(certificates, $"basic_auth_users:\n  prometheus: {Hash}\n");
        using var config = TestConfig.For(database.ConnectionString,
            $"server:\n  web_config_file: {web}\nkpis:\n  - name: kpi_kept\n    schedule: 1h\n    sql: select 5 as value\n");
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/healthz", TimeSpan.FromSeconds(60));
        var http = WithCredentials(exporter.Http, "prometheus", Password);
        await exporter.WaitForMetricsAsync(m => m.Contains("kpi_kept{source=\"app\"} 5", StringComparison.Ordinal), "kpi_kept", http);

        // TLS on (at line 3), another user, a changed KPI: none of it may apply.
        WriteWebConfig(certificates, $"basic_auth_users:\n  someone_else: {Hash}\ntls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n");
        File.WriteAllText(config.Path, File.ReadAllText(config.Path).Replace("select 5", "select 6", StringComparison.Ordinal));
        await exporter.SignalReloadAsync();
        var metrics = await exporter.WaitForMetricsAsync(
            m => m.Contains("exporter_config_last_reload_successful 0", StringComparison.Ordinal), "the failed reload", http);

        Assert.Contains("kpi_kept{source=\"app\"} 5", metrics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(http, "someone_else", Password));
        await exporter.DisposeAsync();
        Assert.Contains($"{web}:3: tls_server_config: turning TLS on needs a restart (the listener's protocol is chosen at start-up)",
            exporter.Stdout + exporter.Stderr, StringComparison.Ordinal);
        Assert.Contains("reload rejected: 1 problem(s) in the config; nothing changed", exporter.Stdout + exporter.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("config reloaded", exporter.Stdout + exporter.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_TurnsTlsOff_FailsAtTheFirstLineAndChangesNothing()
    {
        using var certificates = new TestCertificates();
        var web = WriteWebConfig(certificates, "tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n");
        using var config = TestConfig.For(database.ConnectionString, "kpis:\n  - name: kpi_kept\n    sql: select 5 as value\n");
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/healthz", TimeSpan.FromSeconds(60),
            extraArgs: ["--web.config.file", web], https: address => certificates.HttpsClient(address));

        WriteWebConfig(certificates, $"basic_auth_users:\n  prometheus: {Hash}\n"); // TLS removed, users added
        await exporter.SignalReloadAsync();
        await exporter.WaitForMetricsAsync(m => m.Contains("exporter_config_last_reload_successful 0", StringComparison.Ordinal), "the failed reload");

        Assert.Equal(HttpStatusCode.OK, (await exporter.Http.GetAsync("/metrics")).StatusCode); // still HTTPS, still no users
        await exporter.DisposeAsync();
        Assert.Contains($"{web}:1: tls_server_config: turning TLS off needs a restart (the listener's protocol is chosen at start-up)",
            exporter.Stdout + exporter.Stderr, StringComparison.Ordinal);
        Assert.Contains("reload rejected: 1 problem(s) in the config; nothing changed", exporter.Stdout + exporter.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnreadableCertificate_ExitsTwoWithFileAndLine()
    {
        using var certificates = new TestCertificates();
        File.WriteAllText(certificates.KeyFile, "not a key\n");
        var web = WriteWebConfig(certificates, """
            tls_server_config:
              cert_file: tls.crt
              key_file: tls.key
            """);
        using var config = TestConfig.For(database.ConnectionString, "kpis:\n  - name: kpi_never\n    sql: select 1 as value\n");

        var (code, _, stderr) = await ExporterProcess.RunAsync(["run", "--config", config.Path, "--web.config.file", web]);

        Assert.Equal(2, code);
        var line = stderr.Split('\n')[0];
        Assert.StartsWith($"{web}:2: tls_server_config: cannot load the certificate {certificates.CertFile} with the key {certificates.KeyFile}: ", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ValidateAndRun_HttpsListenWithoutTls_ExitTwoAtTheListenLine(bool basicAuthOnly)
    {
        using var certificates = new TestCertificates();
        var web = WriteWebConfig(certificates, $"basic_auth_users:\n  prometheus: {Hash}\n");
        var listen = $"https://127.0.0.1:{ExporterProcess.FreePort()}";
        using var config = TestConfig.For(database.ConnectionString, $"""
            server:
              listen: "{listen}"
              {(basicAuthOnly ? $"web_config_file: \"{web}\"" : "")}
            kpis:
              - name: kpi_never
                sql: select 1 as value
            """);

        foreach (var command in new[] { "validate", "run" })
        {
            var (code, stdout, stderr) = await ExporterProcess.RunAsync([command, "--config", config.Path]);

            Assert.True(code == 2, $"{command}: exit {code}, {stderr}");
            Assert.Equal("", stdout);
            Assert.Equal(
                $"{config.Path}:5: server.listen: '{listen}' needs TLS: add tls_server_config to the web config file "
                + "(server.web_config_file or run --web.config.file), or listen on http://\n"
                + "1 problem(s) in the config; nothing was started.\n",
                stderr);
        }
    }

    /// <summary>TLS with the test certificate and one basic-auth user, <c>prometheus</c> with <see cref="Password"/>.</summary>
    private static string WriteTlsAndBasicAuthConfig(TestCertificates certificates) => WriteWebConfig(certificates, $"""
        tls_server_config:
          cert_file: tls.crt
          key_file: tls.key
        basic_auth_users:
          prometheus: {Hash}
        """);

    private static string WriteWebConfig(TestCertificates certificates, string yaml)
    {
        var path = Path.Combine(certificates.Directory, "web.yml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static HttpClient WithCredentials(HttpClient http, string user, string password)
    {
        http.DefaultRequestHeaders.Authorization = Basic(user, password);
        return http;
    }

    private static async Task<HttpStatusCode> StatusWith(HttpClient http, string user, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = Basic(user, password);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
