using System.CommandLine;
using Exporter.Configuration;

namespace Exporter.Cli;

/// <summary>Options shared by several commands, and loading the config they name.</summary>
public static class CommonOptions
{
    public const string ConfigEnvironmentVariable = "EXPORTER_CONFIG";

    public static Option<string?> Config() => new("--config", "-c")
    {
        Description = $"The YAML config file (default: ${ConfigEnvironmentVariable}).",
    };

    /// <summary>Loads the config, or prints every problem as file:line: message and returns null.</summary>
    public static ExporterDefinition? LoadConfig(string? path, TextWriter error, string? webConfigFile = null)
    {
        path ??= Environment.GetEnvironmentVariable(ConfigEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(path))
        {
            error.WriteLine($"error: no config file: pass --config FILE or set {ConfigEnvironmentVariable}");
            return null;
        }
        try
        {
            return ConfigLoader.Load(path, webConfigFile: webConfigFile);
        }
        catch (ConfigException e)
        {
            // All of them, as the contract says (the file's size limit, ConfigFileReader.MaxBytes, bounds the list).
            foreach (var problem in e.Errors)
                error.WriteLine(problem);
            error.WriteLine($"{e.Errors.Count} problem(s) in the config; nothing was started.");
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A case the loader does not know yet: still one file:line line and exit 2, never a stack trace.
            error.WriteLine(new ConfigError(path, 1, $"cannot load the config: {e.GetType().Name}: {e.Message}"));
            error.WriteLine("1 problem(s) in the config; nothing was started.");
            return null;
        }
    }
}
