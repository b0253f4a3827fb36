using System.Diagnostics;

namespace Exporter.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of the test's own (initdb in a temp dir, as scripts/lib/services.sh does), for tests that
/// stop and restart the server: never the shared test server. Trust authentication on 127.0.0.1 only.
/// </summary>
public sealed class OwnPostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly DirectoryInfo _dir;

    private readonly string _settings;

    private OwnPostgresCluster(string bin, DirectoryInfo dir, int port, string settings) => (_bin, _dir, Port, _settings) = (bin, dir, port, settings);

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=5";

    private string Data => Path.Combine(_dir.FullName, "data");

    /// <param name="settings">Server settings of this cluster, e.g. <c>shared_preload_libraries=pg_stat_statements</c>.</param>
    public static async Task<OwnPostgresCluster> StartAsync(params string[] settings)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("no PostgreSQL binaries in /usr/lib/postgresql/*/bin (scripts/test.sh installs them)");
        var dir = Directory.CreateTempSubdirectory("exporter-own-pg-");
        var cluster = new OwnPostgresCluster(bin, dir, ExporterProcess.FreePort(), string.Concat(settings.Select(setting => $" -c {setting}")));
        if (Environment.UserName == "root")
            await ToolProcess.RunAsync("chown", "postgres:", dir.FullName);
        await cluster.AsPostgresAsync("initdb", "-D", cluster.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8");
        await cluster.StartServerAsync();
        return cluster;
    }

    /// <summary>Starts the server again (after <see cref="KillAsync"/>); returns once it accepts connections.</summary>
    public Task StartServerAsync() => AsPostgresAsync("pg_ctl", "-D", Data, "-l", Path.Combine(_dir.FullName, "server.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {_dir.FullName} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off{_settings}", "start");

    /// <summary><c>pg_ctl stop -m immediate</c>: the server dies at once, as in a crash; connections break.</summary>
    public Task KillAsync() => AsPostgresAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        _dir.Delete(recursive: true);
    }

    // PostgreSQL refuses to run as root: its tools run as the postgres user when the tests are root.
    private Task AsPostgresAsync(string tool, params string[] args) => Environment.UserName == "root"
        ? ToolProcess.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
        : ToolProcess.RunAsync(Path.Combine(_bin, tool), args);
}
