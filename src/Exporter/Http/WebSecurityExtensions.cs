using Exporter.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Exporter.Http;

public static class WebSecurityExtensions
{
    /// <summary>
    /// The web config file's TLS and basic auth. With TLS every listener speaks only HTTPS, whether listen/--urls
    /// say http:// or https://; each connection takes the current certificate, so a reload can renew it.
    /// </summary>
    public static WebApplicationBuilder AddWebSecurity(this WebApplicationBuilder builder, ExporterDefinition definition)
    {
        builder.Services.AddSingleton<WebSecurity>();
        builder.Services.AddSingleton<IReloadable>(provider => provider.GetRequiredService<WebSecurity>());
        if (definition.Server.WebConfig?.Tls is null)
            return builder;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
        {
            var security = kestrel.ApplicationServices.GetRequiredService<WebSecurity>();
            listen.UseHttps(new TlsHandshakeCallbackOptions
            {
                OnConnection = _ => ValueTask.FromResult(security.ServerOptions()),
            });
        }));
        return builder;
    }

    /// <summary>With basic-auth users, every endpoint but /healthz answers 401 without valid credentials.</summary>
    public static WebApplication UseWebSecurity(this WebApplication app)
    {
        // At start-up, TLS and basic auth on/off are part of the one start-up summary line (Cli/StartupSummary).
        var security = app.Services.GetRequiredService<WebSecurity>();
        app.Use(async (context, next) =>
        {
            if (security.Allows(context.Request))
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"exporter\", charset=\"UTF-8\"";
            await context.Response.WriteAsync("Unauthorized\n", context.RequestAborted);
        });
        return app;
    }
}
