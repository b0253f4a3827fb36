using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Exporter.Tests.Infrastructure;

/// <summary>
/// A real Prometheus (Debian's package) with the repository's prometheus.yml and rules, pointed at a local
/// exporter and sped up (2s scrape and rule evaluation) so a test sees data within seconds.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public HttpClient Http { get; }

    /// <param name="scrapeConfig">
    /// A whole prometheus.yml to use instead of the repository's (e.g. a scrape job with basic_auth and tls_config);
    /// <c>{directory}</c> in it is replaced by Prometheus' working folder.
    /// </param>
    public static async Task<PrometheusServer> StartAsync(int exporterPort, string? scrapeConfig = null)
    {
        var binary = Environment.GetEnvironmentVariable("EXPORTER_PROMETHEUS_BIN") is { Length: > 0 } path ? path : "prometheus";
        var directory = Directory.CreateTempSubdirectory("exporter-prometheus-").FullName;
        // The repository's config and rules, every interval (global and per rule group) cut to 2s.
        var rules = Directory.CreateDirectory(Path.Combine(directory, "rules")).FullName;
        foreach (var file in Directory.GetFiles(RepositoryPaths.Of("prometheus", "rules"), "*.yml"))
            await File.WriteAllTextAsync(Path.Combine(rules, Path.GetFileName(file)), FastIntervals(await File.ReadAllTextAsync(file)));
        var config = FastIntervals(scrapeConfig ?? await File.ReadAllTextAsync(RepositoryPaths.Of("prometheus", "prometheus.yml")))
            .Replace("exporter:9187", $"127.0.0.1:{exporterPort}", StringComparison.Ordinal)
            .Replace("{directory}", directory, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(directory, "prometheus.yml"), config);

        var port = ExporterProcess.FreePort();
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     $"--config.file={directory}/prometheus.yml", $"--storage.tsdb.path={directory}/data",
                     $"--web.listen-address=127.0.0.1:{port}",
                 })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {binary}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, directory, port);
        await server.WaitUntilReadyAsync();
        return server;
    }

    private static string FastIntervals(string yaml) =>
        System.Text.RegularExpressions.Regex.Replace(yaml, @"\b(scrape_interval|evaluation_interval|scrape_timeout|interval): \d+[smh]\b", "$1: 2s");

    /// <summary>Runs an instant query; returns the result vector (fails the test on a query error).</summary>
    public async Task<JsonElement> QueryAsync(string promql)
    {
        using var response = await Http.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.GetProperty("status").GetString() != "success")
            throw new InvalidOperationException($"query failed: {promql}\n{body}");
        return body.GetProperty("data").GetProperty("result");
    }

    private async Task WaitUntilReadyAsync()
    {
        for (var i = 0; i < 150; i++)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}");
            try
            {
                using var response = await Http.GetAsync("/-/ready");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("prometheus did not become ready in 30s");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
