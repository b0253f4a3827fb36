using System.CommandLine;
using Exporter.Logging;

namespace Exporter.Cli;

/// <summary>The options of <c>run</c> (also on the root command, since <c>run</c> is the default).</summary>
public sealed class RunOptions
{
    public Option<string?> Urls { get; } = new("--urls")
    {
        Description = "Where to listen, e.g. http://127.0.0.1:9187 (overrides server.listen).",
    };

    public Option<string?> WebConfigFile { get; } = new("--web.config.file")
    {
        Description = "The web config file (TLS, basic auth; exporter-toolkit format); overrides server.web_config_file.",
    };

    public Option<string> LogFormat { get; } = WithValues(new Option<string>("--log.format")
    {
        Description = "Log line format: text (default), logfmt, or json (one object a line), for log shippers.",
        DefaultValueFactory = _ => LogSettings.Text,
    }, LogSettings.Formats);

    public Option<string> LogLevel { get; } = WithValues(new Option<string>("--log.level")
    {
        Description = "Lowest level logged: debug, info (default), warn or error.",
        DefaultValueFactory = _ => "info",
    }, LogSettings.Levels.Keys);

    public IEnumerable<Option> All => [Urls, WebConfigFile, LogFormat, LogLevel];

    public LogSettings Logging(ParseResult parse) =>
        new(parse.GetValue(LogFormat)!, LogSettings.Levels[parse.GetValue(LogLevel)!]);

    private static Option<string> WithValues(Option<string> option, IEnumerable<string> values)
    {
        option.AcceptOnlyFromAmong([.. values]);
        return option;
    }
}
