namespace Exporter.Tests.Infrastructure;

/// <summary>An exposition as family -> its HELP and TYPE lines and its sample lines, sorted: two expositions compare equal when only their order differs.</summary>
public static class ExpositionFamilies
{
    public static SortedDictionary<string, string> Of(string exposition)
    {
        var families = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var current = "";
        foreach (var line in exposition.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
                families[current = line.Split(' ')[2]] = [line];
            else
                families[current].Add(line);
        }
        return new SortedDictionary<string, string>(
            families.ToDictionary(f => f.Key, f => string.Join('\n', f.Value.Take(2).Concat(f.Value.Skip(2).Order(StringComparer.Ordinal)))),
            StringComparer.Ordinal);
    }
}
