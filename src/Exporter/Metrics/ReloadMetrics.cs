using Prometheus;

namespace Exporter.Metrics;

/// <summary>Whether the last config reload worked, and when the last good one happened (Prometheus' own names, exporter_ prefix).</summary>
public sealed class ReloadMetrics
{
    public ReloadMetrics(CollectorRegistry registry, TimeProvider time)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        LastReloadSuccessful = factory.CreateGauge("exporter_config_last_reload_successful",
            "1 when the last config reload (SIGHUP or POST /-/reload) succeeded, 0 when the new config was invalid and nothing changed.");
        LastReloadSuccessTimestamp = factory.CreateGauge("exporter_config_last_reload_success_timestamp_seconds",
            "Unix time of the last successful config load (start-up or reload).");
        // The config loaded at start-up is the first good one.
        Succeeded(time.GetUtcNow());
    }

    public Gauge LastReloadSuccessful { get; }

    public Gauge LastReloadSuccessTimestamp { get; }

    public void Succeeded(DateTimeOffset at)
    {
        LastReloadSuccessful.Set(1);
        LastReloadSuccessTimestamp.Set(at.ToUnixTimeMilliseconds() / 1000.0);
    }

    public void Failed() => LastReloadSuccessful.Set(0);
}
