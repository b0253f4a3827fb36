using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Exporter.Configuration;

/// <summary>
/// Reads one YAML mapping with its line numbers. Every problem is added to a shared error list
/// (never thrown), unknown keys are errors, and <c>${ENV}</c> is expanded in every scalar.
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly ConfigReadContext _context;

    public YamlMap(YamlMappingNode node, ConfigReadContext context, string what, params string[] allowedKeys)
    {
        _node = node;
        _context = context;
        foreach (var key in node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowedKeys.Contains(name, StringComparer.Ordinal))
                context.Error(key, $"unknown key '{name}' in {what} (expected one of: {string.Join(", ", allowedKeys)})");
        }
    }

    public int Line => ConfigReadContext.LineOf(_node);

    public bool Has(string key) => Find(key) is not null;

    public int LineOf(string key) => Find(key) is { } node ? ConfigReadContext.LineOf(node) : Line;

    /// <summary>The line of the key itself (<see cref="LineOf"/> gives its value's, for a mapping its first entry's).</summary>
    public int KeyLineOf(string key) =>
        _node.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: var name } && name == key) is { } node
            ? ConfigReadContext.LineOf(node) : Line;

    public void Error(string key, string message) => _context.Error(Find(key) ?? _node, message);

    public string? String(string key, bool required = false)
    {
        var node = Find(key);
        if (node is null)
        {
            if (required)
                _context.Error(_node, $"'{key}' is required");
            return null;
        }
        if (node is not YamlScalarNode scalar)
        {
            _context.Error(node, $"'{key}' must be a single value");
            return null;
        }
        return _context.Expand(scalar);
    }

    public int? Int(string key, int min, int max = int.MaxValue)
    {
        var text = String(key);
        if (text is null)
            return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        Error(key, max == int.MaxValue
            ? $"'{key}' must be a whole number >= {min}, not '{text}'"
            : $"'{key}' must be a whole number from {min} to {max}, not '{text}'");
        return null;
    }

    public bool? Bool(string key)
    {
        var text = String(key);
        if (text is null)
            return null;
        if (bool.TryParse(text, out var value))
            return value;
        Error(key, $"'{key}' must be true or false, not '{text}'");
        return null;
    }

    public TimeSpan? Duration(string key)
    {
        var text = String(key);
        if (text is null)
            return null;
        if (Model.Duration.TryParse(text, out var value) && value > TimeSpan.Zero)
            return value;
        Error(key, $"'{key}' must be a duration such as 500ms, 30s, 5m or 1h (at most 366d), not '{text}'");
        return null;
    }

    public ScheduleDefinition? Schedule(string key)
    {
        var text = String(key);
        if (text is null)
            return null;
        if (ScheduleParser.TryParse(text, out var schedule, out var error))
            return schedule;
        Error(key, error!);
        return null;
    }

    public IReadOnlyList<string>? StringList(string key)
    {
        var node = Find(key);
        if (node is null)
            return null;
        if (node is YamlScalarNode scalar && _context.Expand(scalar) is { } single)
            return [single];
        if (node is not YamlSequenceNode sequence)
        {
            _context.Error(node, $"'{key}' must be a list");
            return null;
        }
        var items = new List<string>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode s && _context.Expand(s) is { } value)
                items.Add(value);
            else
                _context.Error(item, $"'{key}' must be a list of single values");
        }
        return items;
    }

    /// <summary>The line of each item of a list of single values (the key's line for a flow list on one line).</summary>
    public IReadOnlyDictionary<string, int> ItemLines(string key)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        if (Find(key) is YamlSequenceNode sequence)
            foreach (var item in sequence.Children.OfType<YamlScalarNode>())
                lines.TryAdd(item.Value ?? "", ConfigReadContext.LineOf(item));
        return lines;
    }

    /// <summary>A nested mapping, or null (with an error when it is not a mapping).</summary>
    public YamlMappingNode? Mapping(string key)
    {
        var node = Find(key);
        if (node is null || IsNull(node))
            return null;
        if (node is YamlMappingNode mapping)
            return mapping;
        _context.Error(node, $"'{key}' must be a mapping of key: value");
        return null;
    }

    /// <summary>The mappings of a list of mappings.</summary>
    public IEnumerable<YamlMappingNode> MappingList(string key)
    {
        var node = Find(key);
        if (node is null || IsNull(node))
            yield break;
        if (node is not YamlSequenceNode sequence)
        {
            _context.Error(node, $"'{key}' must be a list");
            yield break;
        }
        foreach (var item in sequence.Children)
        {
            if (item is YamlMappingNode mapping)
                yield return mapping;
            else
                _context.Error(item, $"each entry of '{key}' must be a mapping of key: value");
        }
    }

    /// <summary>A mapping of scalar values, e.g. probe headers or pack settings.</summary>
    public IReadOnlyList<(string Key, string Value, int Line)> ScalarPairs(string key)
    {
        var pairs = new List<(string, string, int)>();
        if (Mapping(key) is not { } mapping)
            return pairs;
        foreach (var (k, v) in mapping.Children)
        {
            if (k is YamlScalarNode ks && v is YamlScalarNode vs && _context.Expand(vs) is { } value)
                pairs.Add((ks.Value ?? "", value, ConfigReadContext.LineOf(k)));
            else
                _context.Error(k, $"'{key}' entries must be single values");
        }
        return pairs;
    }

    private YamlNode? Find(string key)
    {
        foreach (var (k, v) in _node.Children)
            if (k is YamlScalarNode s && s.Value == key)
                return IsNull(v) ? null : v;
        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" };
}

/// <summary>The file being read, its error list and the environment expander.</summary>
internal sealed class ConfigReadContext(string file, List<ConfigError> errors, EnvironmentExpander expander)
{
    public string File { get; } = file;

    public List<ConfigError> Errors { get; } = errors;

    public EnvironmentExpander Expander { get; } = expander;

    public static int LineOf(YamlNode node) => (int)node.Start.Line;

    public void Error(YamlNode node, string message) => Errors.Add(new ConfigError(File, LineOf(node), message));

    public void Error(int line, string message) => Errors.Add(new ConfigError(File, line, message));

    public string? Expand(YamlScalarNode scalar) =>
        scalar.Value is null ? null : Expander.Expand(scalar.Value, message => Error(scalar, message));
}
