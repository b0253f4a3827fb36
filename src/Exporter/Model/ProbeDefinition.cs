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
    // Header values may hold tokens.
    public override string ToString() => $"probe {Name}";
}
