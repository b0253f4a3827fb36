using Exporter.Configuration;
using Exporter.Metrics;
using Exporter.Probes;

namespace Exporter.Runs;

/// <summary>What <c>/status</c> and the landing page show for one probe. Never a header value; the URL is redacted.</summary>
public sealed record ProbeStatus(
    string Probe,
    string Url,
    string Schedule,
    string Timeout,
    DateTimeOffset? LastRunAt,
    double? LastDurationSeconds,
    int? LastStatusCode,
    bool? LastRunSucceeded,
    DateTimeOffset? LastSuccessAt,
    string? LastErrorReason,
    string? LastError,
    DateTimeOffset? NextRunAt) : IRunStatus<ProbeStatus>
{
    public static ProbeStatus Pending(ProbeDefinition probe, SecretRedactor redactor) =>
        new(probe.Name, DisplayUrl(probe.Url, redactor), probe.Schedule.Text, Duration.Format(probe.Timeout),
            null, null, null, null, null, null, null, null);

    /// <summary>Every probe's latency and the failures by reason since the probe was configured as it is.</summary>
    public HistogramCounts Latency { get; init; } = HistogramCounts.Empty(ProbeMetrics.LatencyBuckets);

    public IReadOnlyDictionary<string, long> Errors { get; init; } = ProbeFailureReasons.Counted.ToDictionary(r => r, _ => 0L);

    public ProbeStatus Recorded(ProbeResult result) => this with
    {
        Latency = Latency.Observe(result.Duration.TotalSeconds),
        Errors = result.Failure is { } failure
            ? new Dictionary<string, long>(Errors, StringComparer.Ordinal) { [failure.Reason] = Errors.GetValueOrDefault(failure.Reason) + 1 }
            : Errors,
        LastRunAt = result.StartedAt,
        LastDurationSeconds = result.Duration.TotalSeconds,
        LastStatusCode = result.StatusCode,
        LastRunSucceeded = result.Succeeded,
        LastSuccessAt = result.Succeeded ? result.StartedAt : LastSuccessAt,
        LastErrorReason = result.Failure?.Reason,
        LastError = result.Failure?.Message,
    };

    public ProbeStatus WithNextRunAt(DateTimeOffset? nextRunAt) => this with { NextRunAt = nextRunAt };

    /// <summary>The URL without user info (user:password@) and with ${ENV} values blanked (a token in the query).</summary>
    private static string DisplayUrl(Uri url, SecretRedactor redactor) =>
        redactor.Redact(url.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped));
}
