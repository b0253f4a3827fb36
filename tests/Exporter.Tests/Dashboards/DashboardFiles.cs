using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Dashboards;

/// <summary>
/// Where the Grafana boards, their provisioning and Grafana's JSON schemas live. The repository root is the
/// folder holding Exporter.sln (<see cref="RepositoryPaths"/>); the schemas sit in the shared folder next to the
/// repository (they are never copied into it).
/// </summary>
public static class DashboardFiles
{
    public static string RepositoryRoot => RepositoryPaths.Root;

    public static string BoardsDirectory => Path.Combine(RepositoryRoot, "dashboards");

    public static string ProvisioningDirectory => Path.Combine(BoardsDirectory, "provisioning");

    /// <summary>Grafana's dashboard and panel schemas: &lt;root&gt;/../shared/grafana-schema. Fails loudly when missing.</summary>
    public static string SchemaDirectory
    {
        get
        {
            var dir = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "grafana-schema"));
            if (!File.Exists(Path.Combine(dir, "dashboard.jsonschema.json")))
                throw new DirectoryNotFoundException(
                    $"Grafana's JSON schemas are expected in {dir} (the shared folder next to the repository); they are not part of the repository");
            return dir;
        }
    }

    /// <summary>Every board file: the JSON files directly in dashboards/ (Grafana's file provider loads them).</summary>
    public static IReadOnlyList<string> Boards =>
        Directory.GetFiles(BoardsDirectory, "*.json").Order(StringComparer.Ordinal).ToList();
}
