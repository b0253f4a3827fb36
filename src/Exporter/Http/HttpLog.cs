namespace Exporter.Http;

/// <summary>Source-generated log messages of the HTTP endpoints. Never a credential.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "HTTP endpoints: TLS {Tls}, basic auth {BasicAuth}")]
    public static partial void Security(ILogger logger, string tls, string basicAuth);
}
