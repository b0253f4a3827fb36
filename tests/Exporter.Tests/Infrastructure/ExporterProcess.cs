using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Exporter.Tests.Infrastructure;

/// <summary>The real exporter binary, started as a child process (as users and scripts run it).</summary>
public sealed class ExporterProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private bool _disposed;

    private ExporterProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_stdout) _stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>
    /// The exporter under test: the build next to the tests (<c>dotnet exporter.dll</c>), or the executable
    /// <c>EXPORTER_TEST_BINARY</c> names (the NativeAOT build: scripts/test.sh runs the process tests on it too).
    /// </summary>
    public static IReadOnlyList<string> Command =>
        Environment.GetEnvironmentVariable("EXPORTER_TEST_BINARY") is { Length: > 0 } binary
            ? [binary]
            : ["dotnet", Path.Combine(AppContext.BaseDirectory, "exporter.dll")];

    /// <summary>An HTTP client on the service's address, for processes started by <see cref="StartRunAsync"/>.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>
    /// `exporter run` on 127.0.0.1 (a free port unless given), returned once <paramref name="waitFor"/>
    /// answers 200.
    /// </summary>
    /// <param name="https">Builds the client for the address, e.g. an HTTPS client trusting a test CA; plain HTTP by default.</param>
    public static async Task<ExporterProcess> StartRunAsync(
        string configPath, string waitFor, TimeSpan timeout, IDictionary<string, string>? environment = null, int? port = null,
        IEnumerable<string>? extraArgs = null, Func<string, HttpClient>? https = null, string? workingDirectory = null)
    {
        var actualPort = port ?? FreePort();
        var address = $"http://127.0.0.1:{actualPort}";
        var process = Start(["run", "--config", configPath, "--urls", address, .. extraArgs ?? []], environment, workingDirectory);
        process.Http = https?.Invoke($"https://127.0.0.1:{actualPort}") ?? new HttpClient { BaseAddress = new Uri(address) };
        await process.WaitForHttpAsync(process.Http, waitFor, timeout);
        return process;
    }

    /// <param name="launcher">A command line that runs the exporter's, e.g. <c>setpriv --reuid=65534 ...</c>.</param>
    public static ExporterProcess Start(
        IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null, IReadOnlyList<string>? launcher = null)
    {
        var command = (launcher ?? []).Concat(Command).ToArray();
        var info = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory ?? "",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1).Concat(args))
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;
        return new ExporterProcess(Process.Start(info)!);
    }

    /// <summary>Runs a command to completion: exit code, stdout, stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        IEnumerable<string> args, IDictionary<string, string>? environment = null, IReadOnlyList<string>? launcher = null)
    {
        await using var process = Start(args, environment, launcher: launcher);
        var code = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return (code, process.Stdout, process.Stderr);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // flushes the redirected streams
        return _process.ExitCode;
    }

    /// <summary>SIGKILL (<c>kill -9</c>): the process dies at once, as in a crash, with no shutdown of its own.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Sends SIGHUP (a config reload) to the process.</summary>
    public async Task SignalReloadAsync()
    {
        using var kill = Process.Start("kill", ["-HUP", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Polls /metrics until <paramref name="condition"/> holds; returns that exposition (or fails with the last one).</summary>
    public async Task<string> WaitForMetricsAsync(Func<string, bool> condition, string what, HttpClient? client = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var metrics = "";
        while (DateTime.UtcNow < deadline)
        {
            metrics = await (client ?? Http).GetStringAsync("/metrics");
            if (condition(metrics))
                return metrics;
            if (_process.HasExited)
                break;
            await Task.Delay(200);
        }
        throw new TimeoutException($"/metrics never showed {what}:\n{metrics}\n{Stdout}\n{Stderr}");
    }

    /// <summary>SIGTERM (as a service manager stops it), then waits for the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        return await WaitForExitAsync(timeout);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <paramref name="url"/> until it answers 200, or fails with the process's output.</summary>
    public async Task WaitForHttpAsync(HttpClient client, string url, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"exporter exited with {_process.ExitCode}:\n{Stdout}\n{Stderr}");
            try
            {
                using var response = await client.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{url} did not answer 200 within {timeout}:\n{Stdout}\n{Stderr}");
    }

    /// <summary>Stops the process (idempotent: tests stop it early to read its complete output).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        Http?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
