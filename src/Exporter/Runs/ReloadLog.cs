namespace Exporter.Runs;

/// <summary>Source-generated log messages of config reloads.</summary>
internal static partial class ReloadLog
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "config reloaded from {File}")]
    public static partial void Reloaded(ILogger logger, string file);

    [LoggerMessage(EventId = 501, Level = LogLevel.Error, Message = "{Error}")]
    public static partial void Invalid(ILogger logger, string error);

    [LoggerMessage(EventId = 502, Level = LogLevel.Error, Message = "reload rejected: {Count} problem(s) in the config; nothing changed")]
    public static partial void Rejected(ILogger logger, int count);

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "reload: {Setting} changed: that needs a restart; still using {Current}")]
    public static partial void NeedsRestart(ILogger logger, string setting, string current);

    [LoggerMessage(EventId = 504, Level = LogLevel.Error, Message = "reload: applying the new config failed: {Error}; restart the exporter")]
    public static partial void ApplyFailed(ILogger logger, string error);
}
