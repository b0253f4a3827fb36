namespace Exporter.Runs;

/// <summary>
/// The revision of the status each item shows (see <see cref="IStatusStore"/>), so a view never shows an older status
/// over a newer one, whichever reaches it first (its own run or another replica's, heard later). Not thread-safe:
/// callers hold their reload lock.
/// </summary>
public sealed class ShownRevisions
{
    private readonly Dictionary<string, long> _shown = new(StringComparer.Ordinal);

    public long Of(string key) => _shown.GetValueOrDefault(key);

    /// <summary>
    /// Whether a status of <paramref name="revision"/> may be shown (and is now the shown one). Revision 0 (recorded
    /// in this process only) is always shown, without hiding a newer shared one that comes later.
    /// </summary>
    public bool Advance(string key, long revision)
    {
        if (revision == 0)
            return true;
        if (_shown.TryGetValue(key, out var shown) && shown >= revision)
            return false;
        _shown[key] = revision;
        return true;
    }

    public void Forget(string key) => _shown.Remove(key);
}
