namespace Exporter.Demo;

/// <summary>One table to bulk-load: its columns and a stream of rows.</summary>
public abstract class DemoTable(string name, IReadOnlyList<string> columns, long estimatedRows)
{
    public string Name { get; } = name;

    public IReadOnlyList<string> Columns { get; } = columns;

    /// <summary>About how many rows it will write (for the progress bar); the exact count comes from the copy.</summary>
    public long EstimatedRows { get; } = estimatedRows;

    /// <summary>Writes every row to <paramref name="writer"/>; reports progress every few thousand rows.</summary>
    public abstract long WriteTo(IDemoRowWriter writer, Action<long> progress, CancellationToken cancellationToken);
}

/// <summary>A <see cref="DemoTable"/> whose rows of type <typeparamref name="TRow"/> are generated lazily.</summary>
public sealed class DemoTable<TRow>(string name, long estimatedRows, Func<IEnumerable<TRow>> rows, DemoColumns<TRow> columns)
    : DemoTable(name, columns.Names, estimatedRows)
{
    private const int ProgressEvery = 16_384;

    public DemoTable(string name, IReadOnlyCollection<TRow> rows, DemoColumns<TRow> columns)
        : this(name, rows.Count, () => rows, columns)
    {
    }

    public override long WriteTo(IDemoRowWriter writer, Action<long> progress, CancellationToken cancellationToken)
    {
        long count = 0;
        var pending = 0;
        foreach (var row in rows())
        {
            writer.StartRow();
            columns.Write(writer, row);
            count++;
            if (++pending == ProgressEvery)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress(pending);
                pending = 0;
            }
        }
        progress(pending);
        return count;
    }
}
