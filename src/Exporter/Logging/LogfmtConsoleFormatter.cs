using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Exporter.Logging;

/// <summary>
/// logfmt, the Prometheus exporters' format: <c>ts=2026-12-01T16:05:07.280Z level=info logger=Exporter msg="..."</c>,
/// one line per entry; a value with spaces, quotes, '=' or control characters is quoted and escaped.
/// </summary>
internal sealed class LogfmtConsoleFormatter(TimeProvider time) : ConsoleFormatter(LogSettings.Logfmt)
{
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        textWriter.Write("ts=");
        textWriter.Write(time.GetUtcNow().ToString(LoggingBuilderExtensions.Timestamp, CultureInfo.InvariantCulture));
        textWriter.Write(" level=");
        textWriter.Write(logEntry.LogLevel switch
        {
            LogLevel.Trace or LogLevel.Debug => "debug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            _ => "error",
        });
        textWriter.Write(" logger=");
        WriteValue(textWriter, logEntry.Category);
        textWriter.Write(" msg=");
        WriteValue(textWriter, message ?? "");
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write(" err=");
            WriteValue(textWriter, $"{exception.GetType().Name}: {exception.Message}");
        }
        textWriter.Write('\n');
    }

    private static void WriteValue(TextWriter writer, string value)
    {
        if (value.Length > 0 && !value.Any(c => c is ' ' or '"' or '=' or '\\' || char.IsControl(c)))
        {
            writer.Write(value);
            return;
        }
        writer.Write('"');
        foreach (var c in value)
        {
            writer.Write(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        writer.Write('"');
    }
}
