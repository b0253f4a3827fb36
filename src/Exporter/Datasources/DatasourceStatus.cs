namespace Exporter.Datasources;

/// <summary>
/// Whether a datasource can be reached, since when, and why not: what <c>/status</c>, the landing page and
/// <c>exporter_datasource_up</c> show. <see cref="Up"/> is null until something tried to reach it.
/// </summary>
public sealed record DatasourceStatus(string Datasource, bool? Up, DateTimeOffset? Since, string? Error)
{
    public static DatasourceStatus Unknown(string datasource) => new(datasource, null, null, null);

    public bool IsDown => Up == false;
}
