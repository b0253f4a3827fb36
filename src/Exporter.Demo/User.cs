namespace Exporter.Demo;

/// <summary>A user of the product: a seat of a customer account, or an individual learner (no customer).</summary>
public sealed class User
{
    public long Id { get; set; }

    /// <summary>The account the user belongs to; null for individual learners.</summary>
    public Customer? Customer { get; init; }

    public required DateTime CreatedAt { get; init; }

    public DateTime? ActivatedAt { get; init; }

    public required string Country { get; init; }

    public required string AgeBand { get; init; }

    /// <summary>When the user stopped using the product; null = still active.</summary>
    public DateTime? ActiveUntil { get; init; }

    /// <summary>Mean sessions per week while active.</summary>
    public double SessionsPerWeek { get; init; }

    /// <summary>The device of most sessions.</summary>
    public required string Device { get; init; }

    /// <summary>The features the user uses (bit i = <see cref="ActivityData.Features"/>[i]).</summary>
    public int Features { get; init; }

    /// <summary>When the user started using the AI assistant (launched during the history); null = never.</summary>
    public DateTime? AssistantSince { get; init; }

    /// <summary>Uses the product on weekdays in office hours (a customer's seat) rather than as a learner.</summary>
    public bool Office => Customer is { Segment: not "individual" };

    public MarketplaceRole Marketplace { get; init; }}
