namespace Exporter.Demo;

/// <summary>A free trial of a self-serve customer; <see cref="ConvertedAt"/> set = it became a paid subscription.</summary>
public sealed class Trial
{
    public long Id { get; set; }

    public required Customer Customer { get; init; }

    public required DateTime StartedAt { get; init; }

    public required DateTime EndsAt { get; init; }

    public DateTime? ConvertedAt { get; init; }
}
