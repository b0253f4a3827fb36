namespace Exporter.Demo;

/// <summary>One subscription row: a plan at a price from <see cref="StartedAt"/> until <see cref="EndedAt"/> (exclusive).</summary>
public sealed class Subscription
{
    public long Id { get; set; }

    public required Customer Customer { get; init; }

    public required string Plan { get; init; }

    /// <summary>Recurring amount normalised to one month, net of discounts, excluding tax.</summary>
    public required long MrrCents { get; init; }

    public required DateTime StartedAt { get; init; }

    public DateTime? EndedAt { get; set; }

    /// <summary>End of the committed (annual) term; null for month-to-month.</summary>
    public DateTime? TermEndAt { get; init; }
}
