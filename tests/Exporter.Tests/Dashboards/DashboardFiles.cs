using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Dashboards;

/// <summary>
/// Where the Grafana boards and their provisioning live. The repository root is the folder holding
/// Exporter.sln (<see cref="RepositoryPaths"/>).
/// </summary>
public static class DashboardFiles
{
    public static string RepositoryRoot => RepositoryPaths.Root;

    public static string BoardsDirectory => Path.Combine(RepositoryRoot, "dashboards");

    public static string ProvisioningDirectory => Path.Combine(BoardsDirectory, "provisioning");

    /// <summary>Every board file: the JSON files directly in dashboards/ (Grafana's file provider loads them).</summary>
    public static IReadOnlyList<string> Boards =>
        Directory.GetFiles(BoardsDirectory, "*.json").Order(StringComparer.Ordinal).ToList();
}
