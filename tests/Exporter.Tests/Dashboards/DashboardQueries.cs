using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Exporter.Tests.Dashboards;

/// <summary>
/// Extracts every PromQL expression of the boards with Grafana's template variables and macros substituted, so
/// a test can run each one against a live Prometheus. Substitutions: a dashboard variable becomes <c>.*</c>
/// (boards only use variables inside <c>=~"..."</c> matchers, which DashboardTests enforces; a constant variable
/// becomes its value), <c>$__rate_interval</c> and <c>$__interval</c> become <c>1m</c>, <c>$__range</c> becomes
/// <c>1h</c> (<c>$__range_s</c> 3600, <c>$__range_ms</c> and <c>$__interval_ms</c> in milliseconds).
/// </summary>
public static partial class DashboardQueries
{
    private static readonly Dictionary<string, string> Macros = new(StringComparer.Ordinal)
    {
        ["__rate_interval"] = "1m",
        ["__interval"] = "1m",
        ["__interval_ms"] = "60000",
        ["__range"] = "1h",
        ["__range_s"] = "3600",
        ["__range_ms"] = "3600000",
    };

    /// <summary>Every query of every board in dashboards/.</summary>
    public static IReadOnlyList<DashboardQuery> ForAllBoards() =>
        DashboardFiles.Boards.SelectMany(ForBoard).ToList();

    /// <summary>Every panel target (rows' nested panels included) and every Prometheus annotation of one board file.</summary>
    public static IReadOnlyList<DashboardQuery> ForBoard(string path)
    {
        var board = JsonNode.Parse(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path}: empty JSON");
        var uid = (string?)board["uid"] ?? Path.GetFileName(path);
        var variables = Variables(board);
        var queries = new List<DashboardQuery>();
        foreach (var panel in Panels(board))
            foreach (var target in panel["targets"]?.AsArray() ?? [])
                if ((string?)target?["expr"] is { } expr)
                    queries.Add(new DashboardQuery(uid, (int?)panel["id"], (string?)panel["title"] ?? "",
                        (string?)target["refId"] ?? "", Substitute(expr, variables), MayBeEmpty: false));
        foreach (var annotation in board["annotations"]?["list"]?.AsArray() ?? [])
            if ((string?)annotation?["expr"] is { } expr)
                queries.Add(new DashboardQuery(uid, null, (string?)annotation["name"] ?? "", "",
                    Substitute(expr, variables), MayBeEmpty: true));
        return queries;
    }

    /// <summary>
    /// Replaces <c>$name</c>, <c>${name}</c>, <c>${name:format}</c> and <c>[[name]]</c> of each variable by its
    /// value, and Grafana's interval and range macros by fixed durations.
    /// </summary>
    public static string Substitute(string expr, IReadOnlyDictionary<string, string> variables)
    {
        var result = MacroPattern().Replace(expr, m => Macros[m.Groups["name"].Value]);
        foreach (var (name, value) in variables)
            result = Regex.Replace(result,
                $@"\$\{{{Regex.Escape(name)}(?::[^}}]*)?\}}|\[\[{Regex.Escape(name)}(?::[^\]]*)?\]\]|\${Regex.Escape(name)}\b",
                value.Replace("$", "$$", StringComparison.Ordinal));
        return result;
    }

    /// <summary>The value each dashboard variable takes in <see cref="Substitute"/>.</summary>
    public static IReadOnlyDictionary<string, string> Variables(JsonNode board)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in board["templating"]?["list"]?.AsArray() ?? [])
        {
            var name = (string?)variable?["name"];
            if (name is null)
                continue;
            values[name] = (string?)variable!["type"] == "constant" && variable["query"] is JsonValue constant
                ? (string?)constant ?? ""
                : ".*";
        }
        return values;
    }

    /// <summary>The board's panels, with the panels nested in (collapsed) rows.</summary>
    public static IEnumerable<JsonNode> Panels(JsonNode board)
    {
        foreach (var panel in board["panels"]?.AsArray() ?? [])
        {
            if (panel is null)
                continue;
            yield return panel;
            foreach (var nested in panel["panels"]?.AsArray() ?? [])
                if (nested is not null)
                    yield return nested;
        }
    }

    // Longest names first, so $__interval_ms is not read as $__interval followed by "_ms".
    [GeneratedRegex(@"\$\{?(?<name>__rate_interval|__interval_ms|__interval|__range_ms|__range_s|__range)\b\}?")]
    private static partial Regex MacroPattern();
}
