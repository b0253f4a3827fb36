namespace Exporter.Tests.Dashboards;

/// <summary>
/// One PromQL expression of a board with Grafana's template variables and macros substituted, ready for
/// Prometheus's /api/v1/query.
/// </summary>
/// <param name="Board">The board's uid.</param>
/// <param name="PanelId">The panel's id; null for an annotation query.</param>
/// <param name="Title">The panel's title, or the annotation's name.</param>
/// <param name="RefId">The target's refId (empty for an annotation).</param>
/// <param name="Expr">The substituted expression.</param>
/// <param name="MayBeEmpty">True for annotation queries (e.g. ALERTS): an empty result is healthy there.</param>
public sealed record DashboardQuery(string Board, int? PanelId, string Title, string RefId, string Expr, bool MayBeEmpty)
{
    public override string ToString() => $"{Board} / {Title}{(RefId.Length > 0 ? $" [{RefId}]" : "")}: {Expr}";
}
