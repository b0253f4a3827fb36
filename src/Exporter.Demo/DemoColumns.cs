using System.Collections;

namespace Exporter.Demo;

/// <summary>
/// A table's columns, each name next to the write of its value, in column order (of a COPY or an INSERT): a name
/// and its value cannot drift apart. Written as a collection initializer: <c>{ "id", (w, row) => w.WriteId(row.Id) }</c>.
/// </summary>
public sealed class DemoColumns<TRow> : IEnumerable<string>
{
    private readonly List<(string Name, Action<IDemoRowWriter, TRow> Write)> _columns = [];

    public IReadOnlyList<string> Names => [.. _columns.Select(c => c.Name)];

    public void Add(string name, Action<IDemoRowWriter, TRow> write) => _columns.Add((name, write));

    /// <summary><c>COPY table (columns) FROM STDIN (FORMAT BINARY)</c>.</summary>
    public string CopyCommand(string table) => $"COPY {table} ({string.Join(", ", Names)}) FROM STDIN (FORMAT BINARY)";

    /// <summary>Writes one row's values, column by column (after <c>StartRow</c>).</summary>
    public void Write(IDemoRowWriter writer, TRow row)
    {
        foreach (var (_, write) in _columns)
            write(writer, row);
    }

    public IEnumerator<string> GetEnumerator() => Names.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
