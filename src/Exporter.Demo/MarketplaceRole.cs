namespace Exporter.Demo;

/// <summary>A learner's side on the marketplace: tutors offer (supply), buyers ask (demand).</summary>
public enum MarketplaceRole
{
    None,
    Supply,
    Demand,
}
