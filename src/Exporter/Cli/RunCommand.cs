using System.CommandLine;
using Exporter.Configuration;

namespace Exporter.Cli;

/// <summary><c>run</c>: the long-running service (also the default command).</summary>
public static class RunCommand
{
    public static Option<string?> Urls() => new("--urls")
    {
        Description = "Where to listen, e.g. http://127.0.0.1:9187 (overrides server.listen).",
    };

    public static Option<string?> WebConfigFile() => new("--web.config.file")
    {
        Description = "The web config file (TLS, basic auth; exporter-toolkit format); overrides server.web_config_file.",
    };

    public static Command Create(Option<string?> config, Option<string?> urls, Option<string?> webConfig)
    {
        var command = new Command("run", "Run the service: schedule every KPI and serve /metrics, /status, /healthz, /readyz.")
        {
            config,
            urls,
            webConfig,
        };
        command.SetAction(parse => ExecuteAsync(parse.GetValue(config), parse.GetValue(urls), parse.GetValue(webConfig)));
        return command;
    }

    public static async Task<int> ExecuteAsync(string? configPath, string? urls, string? webConfigFile)
    {
        webConfigFile = webConfigFile is null ? null : Path.GetFullPath(webConfigFile);
        if (CommonOptions.LoadConfig(configPath, Console.Error, webConfigFile) is not { } definition)
            return ExitCodes.BadConfigOrUsage;
        await using var app = ExporterHost.BuildService(definition, urls, source: new ConfigSource(definition.File, webConfigFile));
        await app.RunAsync();
        return ExitCodes.Ok;
    }
}
