namespace Exporter.Demo;

/// <summary>
/// Where a <see cref="DemoTable"/> writes its rows, value by value in column order: binary COPY on PostgreSQL
/// (<see cref="PostgresRowWriter"/>), multi-row INSERTs on MySQL (<see cref="MySqlRowWriter"/>). Null is NULL.
/// </summary>
public interface IDemoRowWriter
{
    void StartRow();

    void WriteId(long? value);

    void WriteText(string? value);

    void WriteTime(DateTime? value);

    void WriteDate(DateOnly value);

    void WriteSmallint(short? value);

    void WriteInteger(int value);

    void WriteBigint(long value);

    void WriteDouble(double value);
}
