namespace Exporter.Demo;

/// <summary>An invoice in the customer's currency; <see cref="PaidAt"/> null = not paid (yet).</summary>
public sealed record Invoice(Customer Customer, long AmountCents, DateTime IssuedAt, DateTime DueAt, DateTime? PaidAt)
{
    public long Id { get; set; }
}
