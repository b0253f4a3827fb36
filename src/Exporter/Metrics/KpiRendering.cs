namespace Exporter.Metrics;

/// <summary>
/// Every KPI family as the text format, rendered once per change (a run's publish or a withdrawal) and served
/// as is by every scrape until the next change. Its deflated form is made on the first gzip scrape after a change.
/// </summary>
public sealed class KpiRendering
{
    private readonly Lazy<DeflatedText> _deflated;

    public KpiRendering(byte[] text)
    {
        Text = text;
        _deflated = new Lazy<DeflatedText>(() => DeflatedText.Open(text));
    }

    public static KpiRendering Empty { get; } = new([]);

    public byte[] Text { get; }

    internal DeflatedText Deflated => _deflated.Value;
}
