using System.Collections.Concurrent;
using Exporter.Configuration;
using Exporter.Probes;

namespace Exporter.Runs;

/// <summary>The configured probes and the latest <see cref="ProbeStatus"/> of each, in config order.</summary>
public sealed class ProbeStatusBoard
{
    private readonly ConcurrentDictionary<string, ProbeStatus> _statuses = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<ProbeDefinition> _probes;

    public ProbeStatusBoard(IReadOnlyList<ProbeDefinition> probes, SecretRedactor redactor)
    {
        _probes = probes;
        foreach (var probe in probes)
            _statuses[probe.Name] = new ProbeStatus(probe.Name, DisplayUrl(probe.Url, redactor), probe.Schedule.Text,
                Duration.Format(probe.Timeout), null, null, null, null, null, null, null, null);
    }

    public IReadOnlyList<ProbeDefinition> Probes => _probes;

    public ProbeDefinition Definition(string name) => _probes.First(p => p.Name == name);

    public IReadOnlyList<ProbeStatus> All => _probes.Select(p => _statuses[p.Name]).ToArray();

    public void Record(ProbeResult result) =>
        _statuses.AddOrUpdate(result.Probe, _ => throw new InvalidOperationException($"unknown probe {result.Probe}"),
            (_, previous) => previous with
            {
                LastRunAt = result.StartedAt,
                LastDurationSeconds = result.Duration.TotalSeconds,
                LastStatusCode = result.StatusCode,
                LastRunSucceeded = result.Succeeded,
                LastSuccessAt = result.Succeeded ? result.StartedAt : previous.LastSuccessAt,
                LastErrorReason = result.Failure?.Reason,
                LastError = result.Failure?.Message,
            });

    public void RecordNextRun(string probe, DateTimeOffset? nextRunAt) =>
        _statuses.AddOrUpdate(probe, _ => throw new InvalidOperationException($"unknown probe {probe}"),
            (_, previous) => previous with { NextRunAt = nextRunAt });

    /// <summary>The URL without user info (user:password@) and with ${ENV} values blanked (a token in the query).</summary>
    private static string DisplayUrl(Uri url, SecretRedactor redactor) =>
        redactor.Redact(url.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped));
}
