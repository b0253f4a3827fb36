namespace Exporter.Configuration;

/// <summary>
/// A part of the running service that takes a reloaded config, already validated in full. Parts are applied in
/// the order they are registered (datasources, then scheduled work, then the endpoints).
/// </summary>
public interface IReloadable
{
    Task ApplyAsync(ExporterDefinition next, CancellationToken cancellationToken);
}
