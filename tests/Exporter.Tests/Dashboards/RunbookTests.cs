using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Exporter.Tests.Dashboards;

/// <summary>
/// docs/runbooks.md against the alert rules: one section per alert and no section without one, every alert's
/// runbook_url pointing at its section and its dashboard_url at a board that exists, both built from the one
/// place that configures the base URLs (prometheus/rules/links.rules.yml).
/// </summary>
public sealed partial class RunbookTests
{
    private const string LinksSeries = "alerting:links:info";

    private static readonly string[] Parts = ["Meaning", "Confirm", "Do", "Escalate", "Board"];

    private static string RunbooksPath => Path.Combine(DashboardFiles.RepositoryRoot, "docs", "runbooks.md");

    [Fact]
    public void Runbooks_HaveOneSectionPerAlert_AndNoOther()
    {
        var alerts = Alerts().Select(a => a.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var sections = Sections().Keys.Order(StringComparer.Ordinal).ToList();

        Assert.Equal(20, alerts.Count);
        Assert.Equal(alerts, sections);
    }

    [Fact]
    public void Runbooks_EverySection_SaysWhatItMeansHowToConfirmWhatToDoWhenToEscalateAndWhichBoard()
    {
        var boardTitles = DashboardFiles.Boards
            .Select(f => (string)JsonNode.Parse(File.ReadAllText(f))!["title"]!)
            .ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (alert, text) in Sections())
        {
            problems.AddRange(Parts.Where(p => !text.Contains($"- **{p}**", StringComparison.Ordinal))
                .Select(p => $"{alert}: no '- **{p}**' part"));
            var board = BoardPart().Match(text);
            if (!board.Success || !boardTitles.Contains(board.Groups["title"].Value.Trim().TrimEnd('.').Split(" (")[0]))
                problems.Add($"{alert}: the Board part names no board title ({string.Join(", ", boardTitles)})");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Alerts_RunbookUrl_PointsAtTheirSection_FromTheConfiguredBase()
    {
        var anchors = Sections().Keys.Select(GitHubAnchor).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var alert in Alerts())
        {
            var expected = $$$"""{{ with query "{{{LinksSeries}}}" }}{{ . | first | label "runbooks" }}{{ end }}#{{{alert.Name.ToLowerInvariant()}}}""";
            if (alert.RunbookUrl != expected)
                problems.Add($"{alert.Name}: runbook_url is '{alert.RunbookUrl}', expected '{expected}'");
            if (!anchors.Contains(alert.Name.ToLowerInvariant()))
                problems.Add($"{alert.Name}: no section with anchor #{alert.Name.ToLowerInvariant()}");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Alerts_DashboardUrl_OpensABoardThatExists()
    {
        var uids = DashboardFiles.Boards.Select(f => (string)JsonNode.Parse(File.ReadAllText(f))!["uid"]!).ToHashSet(StringComparer.Ordinal);
        var prefix = $$$"""{{ with query "{{{LinksSeries}}}" }}{{ . | first | label "grafana" }}{{ end }}/d/""";
        var problems = new List<string>();
        foreach (var alert in Alerts())
        {
            if (alert.DashboardUrl is not { } url || !url.StartsWith(prefix, StringComparison.Ordinal))
                problems.Add($"{alert.Name}: dashboard_url '{alert.DashboardUrl}' does not start with '{prefix}'");
            else if (!uids.Contains(url[prefix.Length..]))
                problems.Add($"{alert.Name}: dashboard_url names board '{url[prefix.Length..]}', which is not one of {string.Join(", ", uids)}");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void LinksRule_IsTheOnePlaceWithTheBaseUrls()
    {
        var records = RuleMaps().Where(r => r.Children.ContainsKey(new YamlScalarNode("record"))
            && Scalar(r, "record") == LinksSeries).ToList();

        var links = Assert.Single(records);
        var labels = (YamlMappingNode)links.Children[new YamlScalarNode("labels")];
        Assert.Equal("https://github.com/exporter/exporter/blob/main/docs/runbooks.md", Scalar(labels, "runbooks"));
        Assert.Equal("http://localhost:3000", Scalar(labels, "grafana"));
        Assert.Equal("vector(1)", Scalar(links, "expr"));
    }

    [Fact]
    public void GitHubAnchor_IsTheLowerCaseHeading()
    {
        Assert.Equal("probeerrorbudgetburn", GitHubAnchor("ProbeErrorBudgetBurn"));
        Assert.Equal("data-as-of", GitHubAnchor("Data as of"));
    }

    private sealed record Alert(string Name, string? RunbookUrl, string? DashboardUrl);

    private static List<Alert> Alerts() =>
        RuleMaps().Where(r => r.Children.ContainsKey(new YamlScalarNode("alert")))
            .Select(r =>
            {
                var annotations = (YamlMappingNode)r.Children[new YamlScalarNode("annotations")];
                return new Alert(Scalar(r, "alert")!, Scalar(annotations, "runbook_url"), Scalar(annotations, "dashboard_url"));
            })
            .ToList();

    private static IEnumerable<YamlMappingNode> RuleMaps()
    {
        foreach (var file in Directory.GetFiles(KnownMetrics.RulesDirectory, "*.yml"))
        {
            using var reader = new StreamReader(file);
            var stream = new YamlStream();
            stream.Load(reader);
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            foreach (var group in ((YamlSequenceNode)root.Children[new YamlScalarNode("groups")]).Children.Cast<YamlMappingNode>())
                foreach (var rule in ((YamlSequenceNode)group.Children[new YamlScalarNode("rules")]).Children.Cast<YamlMappingNode>())
                    yield return rule;
        }
    }

    /// <summary>Each "### Name" section of docs/runbooks.md and its text up to the next heading.</summary>
    private static Dictionary<string, string> Sections()
    {
        var text = File.ReadAllText(RunbooksPath);
        var headings = SectionHeading().Matches(text).ToList();
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < headings.Count; i++)
        {
            var start = headings[i].Index + headings[i].Length;
            var next = NextHeading().Match(text, start);
            sections.Add(headings[i].Groups["name"].Value, text[start..(next.Success ? next.Index : text.Length)]);
        }
        return sections;
    }

    /// <summary>GitHub's anchor of a heading: lower case, spaces to hyphens, punctuation dropped.</summary>
    private static string GitHubAnchor(string heading) =>
        AnchorPunctuation().Replace(heading.Trim().ToLowerInvariant(), "").Replace(' ', '-');

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    [GeneratedRegex(@"^### (?<name>.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"^#{1,3} ", RegexOptions.Multiline)]
    private static partial Regex NextHeading();

    [GeneratedRegex(@"- \*\*Board\*\*: (?<title>[^\n]+)")]
    private static partial Regex BoardPart();

    [GeneratedRegex(@"[^\w\- ]")]
    private static partial Regex AnchorPunctuation();
}
