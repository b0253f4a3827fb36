using System.Text;
using MySqlConnector;

namespace Exporter.Demo;

/// <summary>
/// Rows into one table as multi-row INSERTs of <see cref="BatchRows"/> rows, in the caller's transaction: values go
/// in as positional parameters. (MySqlBulkCopy would need <c>local_infile</c> on the server, off by default on MySQL 8.)
/// </summary>
internal sealed class MySqlRowWriter : IDemoRowWriter
{
    public const int BatchRows = 1_000;

    private readonly MySqlConnection _connection;
    private readonly MySqlTransaction _transaction;
    private readonly string _table;
    private readonly IReadOnlyList<string> _columns;
    private readonly string _onDuplicateKey;
    private readonly List<object> _values;
    private readonly string _fullBatchSql;
    private int _rows;

    /// <param name="onDuplicateKey">Appended to each INSERT, e.g. an <c>ON DUPLICATE KEY UPDATE</c> clause; empty for none.</param>
    public MySqlRowWriter(MySqlConnection connection, MySqlTransaction transaction, string table, IReadOnlyList<string> columns, string onDuplicateKey = "")
    {
        _connection = connection;
        _transaction = transaction;
        _table = table;
        _columns = columns;
        _onDuplicateKey = onDuplicateKey;
        _values = new List<object>(BatchRows * columns.Count);
        _fullBatchSql = InsertSql(BatchRows);
    }

    public void StartRow()
    {
        if (_rows == BatchRows)
            Flush();
        _rows++;
    }

    /// <summary>Inserts the rows not inserted yet.</summary>
    public void Complete()
    {
        if (_rows > 0)
            Flush();
    }

    public void WriteId(long? value) => Add(value);

    public void WriteText(string? value) => Add(value);

    public void WriteTime(DateTime? value) => Add(value);

    public void WriteDate(DateOnly value) => Add(value);

    public void WriteSmallint(short? value) => Add(value);

    public void WriteInteger(int value) => Add(value);

    public void WriteBigint(long value) => Add(value);

    public void WriteDouble(double value) => Add(value);

    private void Add(object? value) => _values.Add(value ?? DBNull.Value);

    // Synchronous like the COPY it stands in for: a table's rows are generated and written on the caller's thread.
    private void Flush()
    {
        using var command = new MySqlCommand(_rows == BatchRows ? _fullBatchSql : InsertSql(_rows), _connection, _transaction) { CommandTimeout = 0 };
        foreach (var value in _values)
            command.Parameters.Add(new MySqlParameter { Value = value });
        command.ExecuteNonQuery();
        _values.Clear();
        _rows = 0;
    }

    private string InsertSql(int rows)
    {
        var row = $"({string.Join(", ", _columns.Select(_ => "?"))})";
        var sql = new StringBuilder($"INSERT INTO {_table} ({string.Join(", ", _columns)}) VALUES ");
        sql.AppendJoin(", ", Enumerable.Repeat(row, rows));
        return sql.Append(' ').Append(_onDuplicateKey).ToString();
    }
}
