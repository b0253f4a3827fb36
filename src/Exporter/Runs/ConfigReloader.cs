using Exporter.Configuration;
using Exporter.Metrics;

namespace Exporter.Runs;

/// <summary>
/// Reloads the config (SIGHUP, POST /-/reload): the new files (config, packs, web config) are validated in full
/// first; an invalid one changes nothing, its errors are logged as <c>file:line: message</c> and
/// <c>exporter_config_last_reload_successful</c> turns 0. A valid one is applied part by part
/// (<see cref="IReloadable"/>: datasources, scheduled work, endpoints). One reload at a time.
/// What cannot change while running (server.listen, server.enable_lifecycle, the probes' namespace) is logged as
/// needing a restart; turning TLS on or off is refused like an invalid config (see <see cref="TlsSwitch"/>).
/// </summary>
public sealed class ConfigReloader(
    ConfigSource source, ExporterDefinition initial, IEnumerable<IReloadable> parts, SecretRedactor redactor,
    ReloadMetrics metrics, TimeProvider time, ILogger<ConfigReloader> logger) : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private ExporterDefinition _current = initial;

    /// <summary>Reloads; returns the problems of an invalid config (nothing changed), or none.</summary>
    public async Task<IReadOnlyList<string>> ReloadAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            ExporterDefinition next;
            try
            {
                next = source.Load();
                if (TlsSwitch(next) is { } switched)
                    throw new ConfigException([switched]);
            }
            catch (ConfigException e)
            {
                foreach (var error in e.Errors)
                    ReloadLog.Invalid(logger, error.ToString());
                ReloadLog.Rejected(logger, e.Errors.Count);
                metrics.Failed();
                return [.. e.Errors.Select(error => error.ToString())];
            }
            WarnAboutRestartOnlyChanges(next);
            redactor.Include(next.Redactor);
            try
            {
                // Not the caller's token: a client hanging up must not leave a half-applied config.
                foreach (var part in parts)
                    await part.ApplyAsync(next, CancellationToken.None);
            }
            catch (Exception e)
            {
                ReloadLog.ApplyFailed(logger, redactor.Redact($"{e.GetType().Name}: {e.Message}"));
                metrics.Failed();
                return [$"the config was valid but applying it failed: {redactor.Redact(e.Message)}; restart the exporter"];
            }
            _current = next;
            metrics.Succeeded(time.GetUtcNow());
            ReloadLog.Reloaded(logger, source.Path);
            return [];
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// Whether the listener speaks TLS is fixed at start-up (Kestrel's endpoints are built then), so a reload that
    /// turns it on or off could not be applied: it is refused as a whole, pointing at tls_server_config (at the
    /// web config's first line when it was removed, at the config's when the web config itself was).
    /// </summary>
    private ConfigError? TlsSwitch(ExporterDefinition next)
    {
        var (was, web) = (_current.Server.WebConfig?.Tls, next.Server.WebConfig);
        if ((was is null) == (web?.Tls is null))
            return null;
        var message = $"tls_server_config: turning TLS {(was is null ? "on" : "off")} needs a restart (the listener's protocol is chosen at start-up)";
        return web?.Tls is { } tls ? new ConfigError(web.File, tls.Line, message) : new ConfigError(web?.File ?? next.File, 1, message);
    }

    private void WarnAboutRestartOnlyChanges(ExporterDefinition next)
    {
        if (next.Server.Listen != _current.Server.Listen)
            ReloadLog.NeedsRestart(logger, "server.listen", _current.Server.Listen);
        if (next.Server.EnableLifecycle != _current.Server.EnableLifecycle)
            ReloadLog.NeedsRestart(logger, "server.enable_lifecycle", _current.Server.EnableLifecycle ? "true" : "false");
        if (!SameCluster(next.Cluster, _current.Cluster))
            ReloadLog.NeedsRestart(logger, "the cluster section", _current.Cluster?.ToString() ?? "no cluster");
        if (next.Namespace != _current.Namespace && next.Probes.Count > 0)
            ReloadLog.NeedsRestart(logger, "namespace (for the probes' metric names)", _current.Namespace);
    }

    // Where the section was written does not matter; ToString never shows the connection string (it holds a password).
    private static bool SameCluster(ClusterDefinition? next, ClusterDefinition? current) =>
        next is null ? current is null : current is not null && next with { File = current.File, Line = current.Line } == current;

    public void Dispose() => _oneAtATime.Dispose();
}
