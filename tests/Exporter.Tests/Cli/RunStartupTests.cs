using System.Net.Sockets;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Cli;

/// <summary>
/// `run` before it serves: a bad --urls is a usage error (2), a port in use a start-up failure (3), each one
/// line without a stack trace; and nothing but the YAML file and our flags configures it (no appsettings.json,
/// no ASPNETCORE_/DOTNET_/Kestrel__ variables).
/// </summary>
[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
public sealed class RunStartupTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData("notaurl", "error: --urls: 'notaurl' is not a listen address: expected http://HOST:PORT or https://HOST:PORT, e.g. http://0.0.0.0:9187")]
    [InlineData("http://127.0.0.1:65536", "error: --urls: 'http://127.0.0.1:65536': the port must be a number from 1 to 65535, not '65536'")]
    [InlineData("http://127.0.0.1:0", "error: --urls: 'http://127.0.0.1:0': the port must be a number from 1 to 65535, not '0'")]
    [InlineData("ftp://127.0.0.1:9187", "error: --urls: 'ftp://127.0.0.1:9187': the scheme must be http or https, not 'ftp'")]
    [InlineData("https://127.0.0.1:9187", "error: --urls: 'https://127.0.0.1:9187' needs TLS: add tls_server_config to the web config file (server.web_config_file or run --web.config.file), or listen on http://")]
    public async Task Run_BadUrls_ExitsTwoWithOneLine(string urls, string expected)
    {
        using var config = TestConfig.For(database.ConnectionString, "");

        var (code, stdout, stderr) = await ExporterProcess.RunAsync(["run", "--config", config.Path, "--urls", urls]);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal(expected + "\n", stderr);
    }

    [Fact]
    public async Task Run_PortInUse_ExitsThreeWithOneLine()
    {
        using var config = TestConfig.For(database.ConnectionString, "");
        using var taken = new TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var (code, stdout, stderr) = await ExporterProcess.RunAsync(["run", "--config", config.Path, "--urls", $"http://127.0.0.1:{port}"]);

        Assert.Equal(3, code);
        Assert.Equal("", stdout);
        Assert.Equal($"error: the service could not start: Failed to bind to address http://127.0.0.1:{port}: address already in use.\n", stderr);
    }

    [Fact]
    public async Task Run_StrayAppsettingsAndHostVariables_ChangeNothing()
    {
        using var config = TestConfig.For(database.ConnectionString, """
            kpis:
              - name: kpi_one
                sql: select 1 as value
            """);
        var (fromFile, fromEnvironment, fromKestrelVariable) = (ExporterProcess.FreePort(), ExporterProcess.FreePort(), ExporterProcess.FreePort());
        var directory = Directory.CreateTempSubdirectory("exporter-test-").FullName;
        var appsettings = $$"""
            {
              "urls": "http://127.0.0.1:{{fromFile}}",
              "Kestrel": { "Endpoints": { "Http": { "Url": "http://127.0.0.1:{{fromFile}}" } } },
              "Logging": { "LogLevel": { "Default": "Trace" } }
            }
            """;
        await File.WriteAllTextAsync(Path.Combine(directory, "appsettings.json"), appsettings);
        await File.WriteAllTextAsync(Path.Combine(directory, "appsettings.Development.json"), appsettings);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{fromEnvironment}",
            ["DOTNET_URLS"] = $"http://127.0.0.1:{fromEnvironment}",
            ["ASPNETCORE_HTTP_PORTS"] = $"{fromEnvironment}",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Kestrel__Endpoints__Env__Url"] = $"http://127.0.0.1:{fromKestrelVariable}",
            ["Logging__LogLevel__Default"] = "Trace",
        };
        try
        {
            await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60), environment,
                workingDirectory: directory);

            Assert.Equal("ok\n", await exporter.Http.GetStringAsync("/healthz"));
            foreach (var port in new[] { fromFile, fromEnvironment, fromKestrelVariable })
            {
                using var client = new TcpClient();
                await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
            }
            await exporter.StopAsync(TimeSpan.FromSeconds(30));
            Assert.DoesNotContain("trce:", exporter.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("dbug:", exporter.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("Hosting environment", exporter.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
