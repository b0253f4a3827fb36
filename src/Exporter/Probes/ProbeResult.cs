namespace Exporter.Probes;

/// <summary>The outcome of one probe: when, how long, the final status code (null without an answer), and why it failed.</summary>
public sealed record ProbeResult(string Probe, DateTimeOffset StartedAt, TimeSpan Duration, int? StatusCode, ProbeFailure? Failure)
{
    public bool Succeeded => Failure is null;
}
