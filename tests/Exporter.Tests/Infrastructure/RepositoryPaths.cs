namespace Exporter.Tests.Infrastructure;

/// <summary>Files of the repository (found from the test binary by walking up to Exporter.sln).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Exporter.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"Exporter.sln not found above {AppContext.BaseDirectory}");
    }
}
