using Npgsql;

namespace Exporter.Demo;

/// <summary>One table to bulk-load with binary COPY: its columns and a stream of rows.</summary>
public abstract class DemoTable(string name, IReadOnlyList<string> columns, long estimatedRows)
{
    public string Name { get; } = name;

    public IReadOnlyList<string> Columns { get; } = columns;

    /// <summary>About how many rows it will write (for the progress bar); the exact count comes from the copy.</summary>
    public long EstimatedRows { get; } = estimatedRows;

    /// <summary>Writes every row to <paramref name="importer"/>; reports progress every few thousand rows.</summary>
    public abstract long WriteTo(NpgsqlBinaryImporter importer, Action<long> progress, CancellationToken cancellationToken);
}

/// <summary>A <see cref="DemoTable"/> whose rows of type <typeparamref name="TRow"/> are generated lazily.</summary>
public sealed class DemoTable<TRow>(
    string name,
    IReadOnlyList<string> columns,
    long estimatedRows,
    Func<IEnumerable<TRow>> rows,
    Action<NpgsqlBinaryImporter, TRow> write) : DemoTable(name, columns, estimatedRows)
{
    private const int ProgressEvery = 16_384;

    public DemoTable(string name, IReadOnlyList<string> columns, IReadOnlyCollection<TRow> rows, Action<NpgsqlBinaryImporter, TRow> write)
        : this(name, columns, rows.Count, () => rows, write)
    {
    }

    public override long WriteTo(NpgsqlBinaryImporter importer, Action<long> progress, CancellationToken cancellationToken)
    {
        long count = 0;
        var pending = 0;
        foreach (var row in rows())
        {
            importer.StartRow();
            write(importer, row);
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
