using System.Collections;
using Npgsql;

namespace Exporter.Demo;

/// <summary>
/// A table's columns for binary COPY, each name next to the write of its value, in COPY order: a name and
/// its value cannot drift apart. Written as a collection initializer: <c>{ "id", (w, row) => w.WriteId(row.Id) }</c>.
/// </summary>
public sealed class DemoColumns<TRow> : IEnumerable<string>
{
    private readonly List<(string Name, Action<NpgsqlBinaryImporter, TRow> Write)> _columns = [];

    public IReadOnlyList<string> Names => [.. _columns.Select(c => c.Name)];

    public void Add(string name, Action<NpgsqlBinaryImporter, TRow> write) => _columns.Add((name, write));

    /// <summary><c>COPY table (columns) FROM STDIN (FORMAT BINARY)</c>.</summary>
    public string CopyCommand(string table) => $"COPY {table} ({string.Join(", ", Names)}) FROM STDIN (FORMAT BINARY)";

    /// <summary>Writes one row's values, column by column (after <c>StartRow</c>).</summary>
    public void Write(NpgsqlBinaryImporter importer, TRow row)
    {
        foreach (var (_, write) in _columns)
            write(importer, row);
    }

    public IEnumerator<string> GetEnumerator() => Names.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
