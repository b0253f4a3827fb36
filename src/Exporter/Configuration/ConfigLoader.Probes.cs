using System.Globalization;

namespace Exporter.Configuration;

public static partial class ConfigLoader
{
    private static List<ProbeDefinition> ReadProbes(YamlMap root, ConfigReadContext context)
    {
        var probes = new List<ProbeDefinition>();
        foreach (var node in root.MappingList("probes"))
        {
            var map = new YamlMap(node, context, "probe",
                "name", "url", "schedule", "timeout", "expected_status", "expected_body", "headers");
            var name = map.String("name", required: true);
            var urlText = map.String("url", required: true);
            var schedule = map.Schedule("schedule") ?? new ScheduleDefinition("30s", TimeSpan.FromSeconds(30), null);
            var timeout = map.Duration("timeout") ?? TimeSpan.FromSeconds(5);
            var status = new List<int>();
            foreach (var text in map.StringList("expected_status") ?? [])
            {
                if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 599)
                    status.Add(code);
                else
                    map.Error("expected_status", $"expected_status '{text}' is not an HTTP status code");
            }
            var pairs = map.ScalarPairs("headers");
            foreach (var twice in pairs.GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
                context.Error(twice.Last().Line, $"probe '{name}': header '{twice.Last().Key}' is given twice");
            var headers = pairs.DistinctBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
            using (var request = new HttpRequestMessage())
                foreach (var header in headers.Keys.Where(h => !request.Headers.TryAddWithoutValidation(h, "x")))
                    map.Error("headers", $"probe '{name}': header '{header}' cannot be sent on a GET request");
            if (name is null || urlText is null)
                continue;
            if (string.IsNullOrWhiteSpace(name))
                map.Error("name", $"probe name '{name}' must not be empty");
            if (probes.Any(p => p.Name == name))
                map.Error("name", $"probe '{name}' is defined twice");
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                map.Error("url", $"probe '{name}': url must be an absolute http:// or https:// address");
                continue;
            }
            probes.Add(new ProbeDefinition(name, url, schedule, timeout, status, map.String("expected_body"), headers, context.File, map.Line));
        }
        return probes;
    }
}
