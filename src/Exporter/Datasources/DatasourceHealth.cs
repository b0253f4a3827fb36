namespace Exporter.Datasources;

/// <summary>
/// The reachability of one datasource as a state that changes only on a transition: many KPIs failing to
/// connect at once make one "down", and the first success after it one "up". Thread-safe.
/// </summary>
public sealed class DatasourceHealth(string datasource)
{
    private readonly Lock _lock = new();
    private DatasourceStatus _status = DatasourceStatus.Unknown(datasource);

    public DatasourceStatus Status
    {
        get
        {
            lock (_lock)
                return _status;
        }
    }

    /// <summary>Records a failure to connect; true when this turned the datasource down (the caller says so, once).</summary>
    public bool MarkDown(string error, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_status.IsDown)
                return false;
            _status = _status with { Up = false, Since = now, Error = error };
            return true;
        }
    }

    /// <summary>Keeps the datasource down with the latest reason (e.g. from a retry), without a transition.</summary>
    public void UpdateError(string error)
    {
        lock (_lock)
        {
            if (_status.IsDown)
                _status = _status with { Error = error };
        }
    }

    /// <summary>Records a successful connection; returns the down status it ended, or null when it was not down.</summary>
    public DatasourceStatus? MarkUp(DateTimeOffset now)
    {
        lock (_lock)
        {
            var previous = _status;
            if (previous.Up == true)
                return null;
            _status = previous with { Up = true, Since = now, Error = null };
            return previous.IsDown ? previous : null;
        }
    }
}
