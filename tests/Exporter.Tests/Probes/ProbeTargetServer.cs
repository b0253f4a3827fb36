using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Exporter.Tests.Probes;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, a free port) for probes to hit: fast, slow, failing, wrong
/// body, redirecting, and an endpoint that records the Authorization header it receives.
/// </summary>
public sealed class ProbeTargetServer : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    public int Port => new Uri(BaseUrl).Port;

    /// <summary>The Authorization header of every request to /headers ("" when absent).</summary>
    public ConcurrentQueue<string> ReceivedAuthorization { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/ok", () => "healthy");
        app.MapGet("/slow", async (CancellationToken aborted) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), aborted);
            return "healthy, but late";
        });
        app.MapGet("/error", () => Results.Text("boom", statusCode: 500));
        app.MapGet("/wrong-body", () => "degraded");
        app.MapGet("/headers", (HttpRequest request) =>
        {
            ReceivedAuthorization.Enqueue(request.Headers.Authorization.ToString());
            return "healthy";
        });
        app.MapGet("/redirect", () => Results.Redirect("/ok"));
        app.MapGet("/redirect-to", (string url) => Results.Redirect(url));
        app.MapGet("/redirect-loop", () => Results.Redirect("/redirect-loop"));
        await app.StartAsync();
        _app = app;
        BaseUrl = app.Urls.Single().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
