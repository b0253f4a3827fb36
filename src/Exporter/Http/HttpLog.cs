namespace Exporter.Http;

/// <summary>Source-generated log messages of the HTTP endpoints. Never a credential.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "HTTP endpoints: TLS {Tls}, basic auth {BasicAuth}")]
    public static partial void Security(ILogger logger, string tls, string basicAuth);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning,
        Message = "the web config turns TLS on or off: that needs a restart; the listener stays TLS {Tls} (users and, with TLS on, the certificate are reloaded)")]
    public static partial void TlsModeNeedsRestart(ILogger logger, string tls);
}
