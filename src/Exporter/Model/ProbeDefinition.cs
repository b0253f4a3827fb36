namespace Exporter.Model;

/// <summary>One HTTP(S) endpoint probed on its own schedule.</summary>
public sealed record ProbeDefinition(
    string Name,
    Uri Url,
    ScheduleDefinition Schedule,
    TimeSpan Timeout,
    IReadOnlyList<int> ExpectedStatus,
    string? ExpectedBody,
    IReadOnlyDictionary<string, string> Headers,
    string File,
    int Line)
{
    /// <summary>Whether a reloaded probe does exactly the same work: everything equal but where it was written.</summary>
    public bool SameWorkAs(ProbeDefinition other) =>
        Name == other.Name && Url.OriginalString == other.Url.OriginalString && Schedule == other.Schedule && Timeout == other.Timeout
        && ExpectedStatus.SequenceEqual(other.ExpectedStatus) && ExpectedBody == other.ExpectedBody
        && Headers.Count == other.Headers.Count
        && Headers.All(h => other.Headers.TryGetValue(h.Key, out var value) && value == h.Value);

    // Header values may hold tokens.
    public override string ToString() => $"probe {Name}";
}
