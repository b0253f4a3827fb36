using Exporter.Configuration;

namespace Exporter.Tests.Configuration;

/// <summary>
/// Thousands of deterministic mutations of a config that uses every feature: whatever the text, loading it
/// gives a definition or a <see cref="ConfigException"/> with file:line errors, never another exception.
/// </summary>
public sealed class ConfigLoaderFuzzTests
{
    private const string Valid = """
        namespace: kpi_
        server:
          listen: "http://0.0.0.0:9187"
        defaults:
          schedule: 1m
          timeout: 30s
          lock_timeout: 500ms
          max_series: 1000
          stale_after: 15m
        datasources:
          - name: app
            connection_string: "Host=db;Database=app;Username=kpi_reader;Password=${PW}"
            max_concurrency: 2
        packs: [revenue, sales]
        pack_settings:
          revenue: { gross_margin: 0.8 }
        kpis:
          - name: kpi_active_courses
            help: Courses.
            datasource: app
            schedule: "0 */5 * * * ?"
            sql: |
              select c.category, count(*) as value from courses c
              where c.name <> 'x;y' and $$a$$ <> '' group by c.category
            labels: [category]
            values: [value]
          - name: kpi_mrr
            sql: select 1 as value
        probes:
          - name: web
            url: https://example.com/health
            schedule: 30s
            timeout: 5s
            expected_status: [200]
            expected_body: ok
            headers: { Authorization: "Bearer ${PW}" }
        """;

    private const string Inserted = "[]{}:,-?'\"&*!|>%@`#\t\n ;$\\()0123456789";

    [Fact]
    public void Parse_MutatedConfigs_ThrowOnlyConfigExceptionsWithLines()
    {
        var random = new Random(12345);
        for (var i = 0; i < 2000; i++)
        {
            var text = Mutate(Valid, random, 1 + (i % 4));
            try
            {
                ConfigLoader.Parse(text, "fuzz.yaml", name => name == "PW" ? "secret" : null);
            }
            catch (ConfigException e)
            {
                Assert.All(e.Errors, error => Assert.True(error.Line >= 1, $"{error} for:\n{text}"));
            }
            catch (Exception e)
            {
                Assert.Fail($"{e.GetType().Name}: {e.Message} for:\n{text}\n{e.StackTrace}");
            }
        }
    }

    private static string Mutate(string text, Random random, int count)
    {
        var chars = text.ToList();
        for (var n = 0; n < count; n++)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(4))
            {
                case 0:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.Insert(at, Inserted[random.Next(Inserted.Length)]);
                    break;
                case 2:
                    chars[at] = Inserted[random.Next(Inserted.Length)];
                    break;
                default:
                    chars.RemoveRange(at, Math.Min(random.Next(1, 40), chars.Count - at));
                    break;
            }
        }
        return new string([.. chars]);
    }
}
