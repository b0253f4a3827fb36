using System.Runtime.InteropServices;

namespace Exporter.Runs;

/// <summary>SIGHUP reloads the config (as for Prometheus and its exporters) instead of ending the process.</summary>
public sealed class ReloadSignal(ConfigReloader reloader, IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    private PosixSignalRegistration? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            _ = Task.Run(ReloadAsync, CancellationToken.None);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _registration?.Dispose();

    private async Task ReloadAsync()
    {
        try
        {
            await reloader.ReloadAsync(lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
