namespace Exporter.Metrics;

/// <summary>
/// A histogram's state as plain numbers: a count per bucket (not cumulative; the last is +Inf), the sum and the
/// count of observations. Immutable, so a run's result can be stored, shared between replicas and rendered as is.
/// </summary>
public sealed record HistogramCounts(double[] Bounds, long[] Buckets, double Sum, long Count)
{
    public static HistogramCounts Empty(double[] bounds) => new(bounds, new long[bounds.Length + 1], 0, 0);

    /// <summary>One more observation; a value equal to a bound falls in that bound's bucket (<c>le</c>).</summary>
    public HistogramCounts Observe(double value)
    {
        var buckets = (long[])Buckets.Clone();
        var bucket = 0;
        while (bucket < Bounds.Length && value > Bounds[bucket])
            bucket++;
        buckets[bucket]++;
        return this with { Buckets = buckets, Sum = Sum + value, Count = Count + 1 };
    }
}
