namespace Exporter.Demo;

/// <summary>
/// Deterministic draws for the demo data: <see cref="Random"/> seeded from (seed, stream), plus the few
/// distributions the story needs. Each domain uses its own stream, so changing one generator never
/// shifts the numbers of another.
/// </summary>
#pragma warning disable CA5394 // synthetic data, not security: a seeded, reproducible generator is the point
public sealed class DemoRandom(int seed, int stream)
{
    private readonly Random _random = new(Mix(seed, stream));

    public double NextDouble() => _random.NextDouble();

    /// <summary>An integer in [min, max).</summary>
    public int Next(int min, int max) => _random.Next(min, max);

    public bool Chance(double probability) => _random.NextDouble() < probability;

    public double Uniform(double min, double max) => min + ((max - min) * _random.NextDouble());

    public double Normal(double mean, double deviation)
    {
        // Box-Muller; 1 - u keeps the logarithm finite.
        var u = 1.0 - _random.NextDouble();
        var v = _random.NextDouble();
        return mean + (deviation * Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v));
    }

    /// <summary>A log-normal draw with the given median; sigma is the spread of its logarithm.</summary>
    public double LogNormal(double median, double sigma) => median * Math.Exp(Normal(0, sigma));

    public double Exponential(double mean) => -mean * Math.Log(1.0 - _random.NextDouble());

    /// <summary>A Poisson count (Knuth's method for small means, a rounded normal for large ones).</summary>
    public int Poisson(double mean)
    {
        if (mean <= 0)
            return 0;
        if (mean > 40)
            return Math.Max(0, (int)Math.Round(Normal(mean, Math.Sqrt(mean))));
        var limit = Math.Exp(-mean);
        var product = _random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            product *= _random.NextDouble();
            count++;
        }
        return count;
    }

    /// <summary>An integer score in [min, max] around <paramref name="mean"/> (rounded normal, clamped).</summary>
    public int Score(double mean, double deviation, int min, int max) =>
        Math.Clamp((int)Math.Round(Normal(mean, deviation)), min, max);

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public TimeSpan Days(double min, double max) => TimeSpan.FromDays(Uniform(min, max));

    private static int Mix(int seed, int stream)
    {
        unchecked
        {
            var h = ((uint)seed * 0x9E3779B1u) ^ ((uint)stream * 0x85EBCA6Bu);
            h ^= h >> 16;
            h *= 0x7FEB352Du;
            h ^= h >> 15;
            h *= 0x846CA68Bu;
            h ^= h >> 16;
            return (int)(h & 0x7FFFFFFF);
        }
    }
}
#pragma warning restore CA5394
