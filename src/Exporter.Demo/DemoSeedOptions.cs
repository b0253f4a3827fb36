namespace Exporter.Demo;

/// <summary>
/// What <c>demo seed</c> generates. Same <see cref="Seed"/>, <see cref="Scale"/>, <see cref="Days"/> and
/// <see cref="Now"/> give the same rows; without <see cref="Now"/> the history ends at the current time.
/// </summary>
public sealed record DemoSeedOptions
{
    public const int DefaultScale = 1;
    public const int DefaultDays = 400;
    public const int DefaultSeed = 42;

    /// <summary>Business size: row counts grow linearly with it (1 = a small business).</summary>
    public int Scale { get; init; } = DefaultScale;

    /// <summary>Days of history, ending at <see cref="Now"/>.</summary>
    public int Days { get; init; } = DefaultDays;

    public int Seed { get; init; } = DefaultSeed;

    /// <summary>The anchor the history ends at; null = the current time.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Add to tables that already hold rows instead of refusing.</summary>
    public bool Append { get; init; }

    /// <summary>Every problem with the values, for the command line to report at once.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Scale is < 1 or > 10_000)
            problems.Add($"--scale must be between 1 and 10000 (got {Scale})");
        if (Days is < 30 or > 3650)
            problems.Add($"--days must be between 30 and 3650 (got {Days})");
        return problems;
    }
}
