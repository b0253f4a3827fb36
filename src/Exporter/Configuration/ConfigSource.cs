namespace Exporter.Configuration;

/// <summary>Where the config comes from, so a reload reads the same files the service started with.</summary>
/// <param name="WebConfigFile">The web config file given on the command line, which overrides server.web_config_file.</param>
public sealed record ConfigSource(string Path, string? WebConfigFile)
{
    public ExporterDefinition Load() => ConfigLoader.Load(Path, webConfigFile: WebConfigFile);
}
