namespace Exporter.Runs;

/// <summary>
/// Where the outcome of a run is recorded. Alone, that is this process's memory; in a cluster it is the state
/// database, so the next run (on whichever replica) continues from it and every replica shows the same status.
/// </summary>
public interface IStatusStore
{
    /// <summary>
    /// Applies <paramref name="change"/> to the item's latest status (<paramref name="current"/> when the store knows
    /// none for this <paramref name="version"/> of the item) and records the result. Returns it with the revision the
    /// store gave it (growing with each record of the item, so a view never shows an older status over a newer one),
    /// or 0 when it is recorded in this process only.
    /// </summary>
    Task<(TStatus Status, long Revision)> RecordAsync<TStatus>(
        string kind, string key, string version, TStatus current, Func<TStatus, TStatus> change, CancellationToken cancellationToken)
        where TStatus : class;
}

/// <summary>The exporter alone: the status lives in this process only.</summary>
public sealed class LocalStatusStore : IStatusStore
{
    public Task<(TStatus Status, long Revision)> RecordAsync<TStatus>(
        string kind, string key, string version, TStatus current, Func<TStatus, TStatus> change, CancellationToken cancellationToken)
        where TStatus : class =>
        Task.FromResult((change(current), 0L));
}
