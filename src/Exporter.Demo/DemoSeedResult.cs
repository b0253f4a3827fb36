namespace Exporter.Demo;

/// <summary>
/// The outcome of one <c>demo seed</c>: the rows written per table, or a refusal listing the tables that
/// already hold rows (nothing was written).
/// </summary>
public sealed record DemoSeedResult(
    DateTimeOffset Now,
    IReadOnlyList<string> NonEmptyTables,
    IReadOnlyList<DemoTableCount> Tables,
    TimeSpan Elapsed)
{
    /// <summary>Live rows (requests, sessions) were added up to this instant, after <see cref="Now"/>.</summary>
    public DateTimeOffset LiveUntil { get; init; } = Now;

    public bool Refused => Tables.Count == 0 && NonEmptyTables.Count > 0;

    public long TotalRows => Tables.Sum(t => t.Rows);
}
