namespace Exporter.Demo;

/// <summary>What every generator gets: the story's time line, its own random stream, and where ids start.</summary>
public sealed class DemoContext(DemoStory story, IReadOnlyDictionary<string, long> maxIds)
{
    public DemoStory Story { get; } = story;

    /// <summary>Scales a per-business-size quantity (rates, counts) to the requested scale.</summary>
    public int Scale => Story.Scale;

    /// <summary>An independent, deterministic stream of draws for one part of the data.</summary>
    public DemoRandom Random(DemoStream stream) => new(Story.Seed, (int)stream);

    /// <summary>The first id to give a new row of <paramref name="table"/> (after its existing rows when appending).</summary>
    public long FirstId(string table) => maxIds.GetValueOrDefault(table) + 1;
}
