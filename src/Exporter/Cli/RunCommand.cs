using System.CommandLine;
using Exporter.Cluster;
using Exporter.Configuration;
using Exporter.Logging;

namespace Exporter.Cli;

/// <summary><c>run</c>: the long-running service (also the default command).</summary>
public static class RunCommand
{
    public static Command Create(Option<string?> config, RunOptions options)
    {
        var command = new Command("run", "Run the service: schedule every KPI and serve /metrics, /status, /healthz, /readyz.") { config };
        foreach (var option in options.All)
            command.Options.Add(option);
        command.SetAction(parse => ExecuteAsync(parse.GetValue(config), parse.GetValue(options.Urls), parse.GetValue(options.WebConfigFile), options.Logging(parse)));
        return command;
    }

    /// <returns>0 after a shutdown; 2 for a bad config or usage (or a config the cluster's live replicas do not run); 3 when the service could not start (e.g. the port is in use).</returns>
    public static async Task<int> ExecuteAsync(string? configPath, string? urls, string? webConfigFile, LogSettings logging)
    {
        webConfigFile = webConfigFile is null ? null : Path.GetFullPath(webConfigFile);
        if (urls is not null && ListenAddress.Problem(urls) is { } problem)
        {
            await Console.Error.WriteLineAsync($"error: --urls: {problem}");
            return ExitCodes.BadConfigOrUsage;
        }
        if (CommonOptions.LoadConfig(configPath, Console.Error, webConfigFile) is not { } definition)
            return ExitCodes.BadConfigOrUsage;
        if (urls is not null && ListenAddress.HttpsWithoutTls(urls, definition.Server.WebConfig?.Tls is not null) is { } noTls)
        {
            await Console.Error.WriteLineAsync($"error: --urls: {noTls}");
            return ExitCodes.BadConfigOrUsage;
        }
        await using var app = ExporterHost.BuildService(definition, urls, logging, new ConfigSource(definition.File, webConfigFile));
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Exporter");
        try
        {
            await app.StartAsync();
        }
        catch (ClusterJoinRefusedException e)
        {
            // A config problem: this replica's config is not the cluster's.
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.BadConfigOrUsage;
        }
        catch (Exception e)
        {
            // One line, no stack trace: what failed is in the message (e.g. "address already in use").
            var message = definition.Redactor.Redact(e.Message).ReplaceLineEndings(" ");
            await Console.Error.WriteLineAsync($"error: the service could not start: {message}");
            return ExitCodes.StartupFailed;
        }
        RunLog.Started(logger, StartupSummary.From(definition, urls ?? definition.Server.Listen));
        using var stopping = app.Lifetime.ApplicationStopping.Register(() => RunLog.Stopping(logger));
        await app.WaitForShutdownAsync();
        return ExitCodes.Ok;
    }
}
