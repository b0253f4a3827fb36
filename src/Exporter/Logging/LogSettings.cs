namespace Exporter.Logging;

/// <summary>How the service logs: <c>run --log.format</c>, <c>--log.level</c> and <c>server.log_requests</c>.</summary>
/// <param name="Format"><see cref="Text"/> (default), <see cref="Logfmt"/> or <see cref="Json"/> (one JSON object a line), for log shippers.</param>
/// <param name="Level">The lowest level written (Information by default).</param>
/// <param name="LogRequests">One line per HTTP request (off by default: a scrape every 15 s is noise).</param>
/// <param name="ToStandardError">Every line to stderr (<c>once</c>, whose stdout is the exposition).</param>
public sealed record LogSettings(string Format = LogSettings.Text, LogLevel Level = LogLevel.Information, bool LogRequests = false, bool ToStandardError = false)
{
    public const string Text = "text";
    public const string Logfmt = "logfmt";
    public const string Json = "json";

    public static IReadOnlyList<string> Formats { get; } = [Text, Logfmt, Json];

    /// <summary>The level names of <c>--log.level</c>, as Prometheus exporters spell them.</summary>
    public static IReadOnlyDictionary<string, LogLevel> Levels { get; } = new Dictionary<string, LogLevel>(StringComparer.Ordinal)
    {
        ["debug"] = LogLevel.Debug,
        ["info"] = LogLevel.Information,
        ["warn"] = LogLevel.Warning,
        ["error"] = LogLevel.Error,
    };
}
