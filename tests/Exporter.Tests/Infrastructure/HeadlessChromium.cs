using System.Diagnostics;

namespace Exporter.Tests.Infrastructure;

/// <summary>Debian's Chromium, headless, for looking at pages as a person would (installed by scripts/test.sh).</summary>
public static class HeadlessChromium
{
    // Flags for a closed network and a root user (see the machine notes): no sandbox, no background traffic.
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
    ];

    public static async Task<string> DumpDomAsync(string url) => await RunAsync(["--dump-dom", url]);

    public static async Task ScreenshotAsync(string url, string pngPath, int width, int height) =>
        await RunAsync([$"--screenshot={pngPath}", $"--window-size={width},{height}", url]);

    private static async Task<string> RunAsync(IEnumerable<string> args)
    {
        var profile = Directory.CreateTempSubdirectory("exporter-chromium-");
        try
        {
            var info = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var flag in Flags.Append($"--user-data-dir={profile.FullName}").Concat(args))
                info.ArgumentList.Add(flag);
            using var process = Process.Start(info)
                ?? throw new InvalidOperationException("chromium is not installed (scripts/test.sh installs it with apt-get)");
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(timeout.Token);
            return await output;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
