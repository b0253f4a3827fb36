using System.Diagnostics;

namespace Exporter.Tests.Infrastructure;

/// <summary>Prometheus's own promtool (Debian package `prometheus`), installed by scripts/test.sh.</summary>
public static class Promtool
{
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var info = new ProcessStartInfo("promtool", "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)
            ?? throw new InvalidOperationException("promtool is not installed (scripts/test.sh installs it with apt-get)");
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
