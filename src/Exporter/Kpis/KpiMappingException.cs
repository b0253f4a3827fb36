namespace Exporter.Kpis;

/// <summary>Rows that cannot become a valid set of series; the run fails with <see cref="Reason"/>.</summary>
public sealed class KpiMappingException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}
