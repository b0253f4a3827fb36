using System.Buffers.Binary;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Http;

/// <summary>The landing page as a person sees it: rendered by headless Chromium, with a screenshot.</summary>
[Trait(Tier.Name, Tier.Stack)]
public sealed class LandingPageBrowserTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task LandingPage_InChromium_ShowsEveryKpiWithValuesAndErrors()
    {
        using var config = TestConfig.For(database.ConnectionString, """
            kpis:
              - name: kpi_signups_today
                help: Signups today.
                sql: select * from (values ('web', 12), ('mobile', 30)) t(channel, value)
              - name: kpi_broken
                sql: select * from missing_table
            """);
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(30));
        var url = exporter.Http.BaseAddress!.ToString();

        var dom = await HeadlessChromium.DumpDomAsync(url);
        var screenshot = Path.Combine(AppContext.BaseDirectory, "landing-page.png");
        await HeadlessChromium.ScreenshotAsync(url, screenshot, 1280, 800);

        Assert.Contains("<h1>Exporter</h1>", dom, StringComparison.Ordinal);
        Assert.Contains("<strong>2 KPI(s)</strong>: <span class=\"ok\">1 ok</span>, <span class=\"failed\">1 failed</span>", dom, StringComparison.Ordinal);
        Assert.Contains("<code>kpi_signups_today</code>", dom, StringComparison.Ordinal);
        Assert.Contains("channel=web: 12<br>channel=mobile: 30<br>", dom, StringComparison.Ordinal);
        Assert.Contains("<td class=\"failed\">failed</td>", dom, StringComparison.Ordinal);
        Assert.Contains("42P01: relation \"missing_table\" does not exist", dom, StringComparison.Ordinal);
        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(1280, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(800, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }
}
