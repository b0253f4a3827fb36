namespace Exporter.Demo;

/// <summary>A customer account and its life: trial, subscriptions (one row per plan, price or term), invoices.</summary>
public sealed class Customer
{
    public long Id { get; set; }

    public required string Name { get; init; }

    public required string Segment { get; init; }

    public string? Sector { get; init; }

    public required string Country { get; init; }

    /// <summary>ISO 4217; every subscription and invoice of the customer uses it.</summary>
    public required string Currency { get; init; }

    public required string Channel { get; init; }

    public required DateTime CreatedAt { get; init; }

    /// <summary>Self-serve card payments (paid on issue) rather than invoices with payment terms.</summary>
    public bool PaysByCard { get; init; }

    public PayerKind Payer { get; init; }

    /// <summary>Negotiated discount (enterprise), 0..1.</summary>
    public double Discount { get; init; }

    /// <summary>How many users (seats in use) the account gets over its life.</summary>
    public int Seats { get; set; }

    /// <summary>The account runs a training program: its users enroll in courses.</summary>
    public bool TrainsUsers { get; init; }

    public Trial? Trial { get; set; }

    public List<Subscription> Subscriptions { get; } = [];

    /// <summary>Its users, the first one being the account's admin.</summary>
    public List<User> Users { get; } = [];

    /// <summary>When the account stopped being used (end of its last subscription or trial); null = still in use.</summary>
    public DateTime? ActiveUntil { get; set; }

    public DateTime? FirstPaidStart => Subscriptions.Where(s => s.MrrCents > 0).Select(s => (DateTime?)s.StartedAt).Min();

    public bool IsPayingAt(DateTime t) =>
        Subscriptions.Exists(s => s.MrrCents > 0 && s.StartedAt <= t && (s.EndedAt is null || s.EndedAt > t));
}
