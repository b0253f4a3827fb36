using System.Net;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Http;

/// <summary>Every endpoint answers GET and HEAD only; any other method gets 405 with <c>Allow: GET, HEAD</c>.</summary>
[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
public sealed class MethodTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly string[] Endpoints = ["/metrics", "/healthz", "/readyz", "/status", "/"];

    [Fact]
    public async Task Endpoints_MethodsOtherThanGetAndHead_Answer405()
    {
        using var config = TestConfig.For(database.ConnectionString, """
            kpis:
              - name: kpi_one
                sql: select 1 as value
            """);
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60));

        foreach (var path in Endpoints)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
            {
                using var response = await exporter.Http.SendAsync(new HttpRequestMessage(method, path));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {response.StatusCode}");
            }
            foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Trace })
            {
                using var response = await exporter.Http.SendAsync(new HttpRequestMessage(method, path));
                Assert.True(response.StatusCode == HttpStatusCode.MethodNotAllowed, $"{method} {path}: {response.StatusCode}");
                Assert.Equal("GET, HEAD", string.Join(", ", response.Content.Headers.Allow));
                Assert.Equal("", await response.Content.ReadAsStringAsync());
            }
        }
    }

    [Fact]
    public async Task Head_Metrics_HasNoBody()
    {
        using var config = TestConfig.For(database.ConnectionString, "");
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/healthz", TimeSpan.FromSeconds(60));

        using var response = await exporter.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/metrics"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }
}
