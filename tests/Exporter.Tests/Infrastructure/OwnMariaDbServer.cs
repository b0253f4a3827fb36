using System.Diagnostics;
using MySqlConnector;

namespace Exporter.Tests.Infrastructure;

/// <summary>
/// A MariaDB server of the test's own (mariadb-install-db in a temp dir, as scripts/lib/services.sh does), for tests
/// that kill and restart it: never the shared test server. Root over the socket, and over TCP on 127.0.0.1 with a password.
/// </summary>
public sealed class OwnMariaDbServer : IAsyncDisposable
{
    private const string Password = "own-test-server";
    private readonly DirectoryInfo _dir;
    private Process? _server;

    private OwnMariaDbServer(DirectoryInfo dir, int port) => (_dir, Port) = (dir, port);

    public int Port { get; }

    public string ConnectionString => $"Server=127.0.0.1;Port={Port};User ID=root;Password={Password};Database=mysql;Connection Timeout=5";

    private static bool IsRoot => Environment.UserName == "root";

    public static async Task<OwnMariaDbServer> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("exporter-own-mariadb-");
        var server = new OwnMariaDbServer(dir, ExporterProcess.FreePort());
        if (IsRoot)
            await ToolProcess.RunAsync("chown", "mysql:", dir.FullName);
        await ToolProcess.RunAsync("mariadb-install-db", ["--no-defaults", $"--datadir={server.Data}", .. User, "--auth-root-authentication-method=normal", "--skip-test-db"]);
        await server.StartServerAsync();
        await ToolProcess.RunAsync("mariadb", "--no-defaults", $"--socket={server.Socket}", "-uroot", "-e",
            $"CREATE OR REPLACE USER 'root'@'127.0.0.1' IDENTIFIED BY '{Password}'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;");
        return server;
    }

    private string Data => Path.Combine(_dir.FullName, "data");

    private string Socket => Path.Combine(_dir.FullName, "mysqld.sock");

    private static string[] User => IsRoot ? ["--user=mysql"] : [];

    /// <summary>Starts the server (again, after <see cref="KillAsync"/>); returns once it accepts connections.</summary>
    public async Task StartServerAsync()
    {
        var info = new ProcessStartInfo("/usr/sbin/mariadbd") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["--no-defaults", $"--datadir={Data}", $"--port={Port}", "--bind-address=127.0.0.1", $"--socket={Socket}",
                     .. User, "--skip-name-resolve", "--skip-log-bin", "--innodb-flush-log-at-trx-commit=0", "--innodb-buffer-pool-size=32M",
                     $"--log-error={Path.Combine(_dir.FullName, "error.log")}"])
            info.ArgumentList.Add(arg);
        _server = Process.Start(info)!;
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(60); await Task.Delay(100))
        {
            if (File.Exists(Socket))
            {
                try
                {
                    await ToolProcess.RunAsync("mariadb-admin", "--no-defaults", $"--socket={Socket}", "-uroot", "ping");
                    return;
                }
                catch (InvalidOperationException)
                {
                    // Not accepting connections yet.
                }
            }
        }
        throw new TimeoutException($"MariaDB did not start: {File.ReadAllText(Path.Combine(_dir.FullName, "error.log"))}");
    }

    /// <summary><c>kill -9</c>: the server dies at once, as in a crash; connections break.</summary>
    public async Task KillAsync()
    {
        if (_server is not { HasExited: false } server)
            return;
        server.Kill();
        await server.WaitForExitAsync();
        MySqlConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _dir.Delete(recursive: true);
    }
}
