namespace Exporter.Tests.Infrastructure;

/// <summary>Writes a YAML config to a temporary file for tests that go through the real loader or CLI.</summary>
public sealed class TestConfig : IDisposable
{
    public TestConfig(string yaml)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"exporter-test-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(Path, yaml);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);

    /// <summary>A config with one datasource named <c>app</c> and the given extra YAML.</summary>
    public static TestConfig For(string connectionString, string rest) => new($"""
        datasources:
          - name: app
            connection_string: "{connectionString}"
        {rest}
        """);
}
