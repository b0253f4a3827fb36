using System.Text.RegularExpressions;

namespace Exporter.Tests.Dashboards;

/// <summary>
/// The metric names a PromQL expression selects, found lexically: string literals, label matchers, range
/// brackets and grouping clauses are removed, then every identifier that is not a function call, a keyword
/// or part of a number is a metric name. Good enough for the boards' and rules' expressions; not a parser.
/// </summary>
public static partial class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "atan2", "bool", "offset", "by", "without", "on", "ignoring",
        "group_left", "group_right", "start", "end", "inf", "nan",
    };

    public static IReadOnlySet<string> In(string expr)
    {
        var text = StringLiteral().Replace(expr, "\"\"");
        text = LabelMatchers().Replace(text, "{}");
        text = RangeBrackets().Replace(text, "[]");
        text = GroupingClause().Replace(text, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Identifier().Matches(text))
        {
            var rest = text.AsSpan(m.Index + m.Length).TrimStart();
            if (rest.Length > 0 && rest[0] == '(')
                continue; // function or aggregation
            if (!Keywords.Contains(m.Value))
                names.Add(m.Value);
        }
        return names;
    }

    /// <summary>The metric of a Grafana <c>label_values(metric{...}, label)</c> variable query; null for other queries.</summary>
    public static string? InLabelValuesQuery(string query)
    {
        var m = LabelValuesQuery().Match(query);
        return m.Success && m.Groups["metric"].Success ? m.Groups["metric"].Value : null;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex RangeBrackets();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")]
    private static partial Regex GroupingClause();

    [GeneratedRegex(@"(?<![\w:.])[A-Za-z_:][\w:]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^\s*label_values\(\s*(?:(?<metric>[A-Za-z_:][\w:]*)\s*(?:\{[^}]*\})?\s*,)?")]
    private static partial Regex LabelValuesQuery();
}
