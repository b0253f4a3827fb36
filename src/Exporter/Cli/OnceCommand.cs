using System.CommandLine;
using System.Runtime.InteropServices;
using Exporter.Logging;
using Exporter.Metrics;
using Exporter.Runs;

namespace Exporter.Cli;

/// <summary>
/// <c>once</c>: runs every KPI and every probe once, prints the exposition on stdout and one line per
/// failed KPI or probe on stderr. Logs go to stderr, so stdout stays a clean exposition for promtool and scripts.
/// </summary>
public static class OnceCommand
{
    public static Command Create(Option<string?> config)
    {
        var command = new Command("once", "Run every enabled KPI and probe once and print the Prometheus text exposition.") { config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // SIGINT/SIGTERM cancel the runs (their queries are cancelled on the server) instead of killing the
            // process with queries left running; the exit code then says a run failed.
            using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
            return await ExecuteAsync(parse.GetValue(config), Console.Out, Console.Error, interrupted.Token);

            void Interrupt(PosixSignalContext context)
            {
                context.Cancel = true;
                interrupted.Cancel();
            }
        });
        return command;
    }

    public static async Task<int> ExecuteAsync(string? configPath, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (CommonOptions.LoadConfig(configPath, error) is not { } definition)
            return ExitCodes.BadConfigOrUsage;
        await using var services = ExporterHost.BuildCore(definition, logging => logging
            .AddExporterLogging(new LogSettings(Level: LogLevel.Error, ToStandardError: true)));
        // The same series exist before the first run as in `run` (e.g. exporter_kpi_schedule_interval_seconds).
        services.GetServices<IScheduledWork>().PrepareAll();
        var executor = services.GetRequiredService<KpiExecutor>();
        var prober = services.GetRequiredService<ProbeExecutor>();
        var probing = Task.WhenAll(definition.Probes.Select(p => prober.ExecuteAsync(p, cancellationToken)));
        var results = await Task.WhenAll(definition.Targets.Select(t => executor.ExecuteAsync(t, cancellationToken)));
        var probes = await probing;

        // Not cancellable: once interrupted, what did run is still printed (from memory, it takes no time).
        await using (var stdout = new MemoryStream())
        {
            await services.GetRequiredService<MetricsExposition>().WriteTextAsync(stdout, CancellationToken.None);
            await output.WriteAsync(System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
            await output.FlushAsync(CancellationToken.None);
        }
        var monitor = services.GetRequiredService<DatasourceMonitor>();
        foreach (var down in monitor.All.Where(d => d.IsDown))
            await error.WriteLineAsync(
                $"FAILED datasource {down.Datasource} is down: {down.Error}; {results.Count(r => r.Target.Source == down.Datasource && !r.Succeeded)} KPI(s) on it failed or were skipped");
        // Every failed KPI has its own line too (the contract: one per failed KPI), the datasource's cause above them.
        foreach (var failed in results.Where(r => !r.Succeeded))
            await error.WriteLineAsync($"FAILED {failed.Target.Kpi.Name} on {failed.Target.Source} ({failed.Failure!.Reason}): {failed.Failure.Message}");
        foreach (var failed in probes.Where(r => !r.Succeeded))
            await error.WriteLineAsync($"FAILED probe {failed.Probe} ({failed.Failure!.Reason}): {failed.Failure.Message}");
        return results.All(r => r.Succeeded) && probes.All(r => r.Succeeded) ? ExitCodes.Ok : ExitCodes.KpiFailed;
    }
}
